package dev.dpm.content.unixfs;

import java.util.Locale;

/**
 * UnixFS import profiles: how a file is chunked and laid out, hence which CID it gets. Both give
 * CIDv1, sha2-256, raw leaves and a balanced tree, byte-identical to npm
 * {@code ipfs-unixfs-importer} with the same settings.
 */
public enum ImportProfile {
    /** IPIP-499 {@code unixfs-v1-2025}: 1 MiB chunks, 1024 links per node; dpm's default. */
    UNIXFS_V1_2025("unixfs-v1-2025", 1_048_576, 1024, ShardEstimate.BLOCK_BYTES),
    /** Kubo/Helia v1 defaults: 256 KiB chunks, 174 links per node. */
    KUBO_V1("kubo-v1", 262_144, 174, ShardEstimate.LINKS_BYTES);

    /** Above this estimated directory size the reference importer switches to a HAMT. */
    public static final int SHARD_THRESHOLD = 262_144;

    private final String id;
    private final int chunkSize;
    private final int maxLinks;
    private final ShardEstimate shardEstimate;

    ImportProfile(String id, int chunkSize, int maxLinks, ShardEstimate shardEstimate) {
        this.id = id;
        this.chunkSize = chunkSize;
        this.maxLinks = maxLinks;
        this.shardEstimate = shardEstimate;
    }

    /** The profile's name as users type it ({@code unixfs-v1-2025}, {@code kubo-v1}). */
    public String id() {
        return id;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /** Maximum children of a file node in the balanced layout. */
    public int maxLinks() {
        return maxLinks;
    }

    ShardEstimate shardEstimate() {
        return shardEstimate;
    }

    /** The profile named {@code id}, or an {@link IllegalArgumentException} listing the valid ones. */
    public static ImportProfile byId(String id) {
        for (ImportProfile p : values()) {
            if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown import profile '" + id + "' (use unixfs-v1-2025 or kubo-v1)");
    }

    /** How the reference importer estimates a flat directory's size to decide on sharding. */
    enum ShardEstimate {
        /** Sum of name bytes + CID bytes of the links (go-unixfsnode's estimate). */
        LINKS_BYTES,
        /** The exact serialized dag-pb block size. */
        BLOCK_BYTES
    }
}
