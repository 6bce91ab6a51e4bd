package dev.dpm.core.db;

import java.util.Arrays;
import java.util.Objects;

/**
 * One release in the local package index, as synced from a chain event.
 *
 * @param name package name
 * @param version version string
 * @param manifestCid the manifest CID the chain binds to {@code name@version}
 * @param manifest the manifest bytes (verified against {@code manifestCid} by the syncer)
 * @param description one-line description from the manifest ("" if none), searchable
 * @param publisher address (0x-hex) that published it
 * @param block block number of the publish event
 * @param txHash transaction hash of the publish event
 * @param logIndex log index of the publish event
 * @param yanked whether the release was yanked
 * @param yankBlock the block of the yank, or -1 when not yanked
 */
public record ReleaseRecord(String name, String version, String manifestCid, byte[] manifest, String description,
        String publisher, long block, String txHash, long logIndex, boolean yanked, long yankBlock) {
    public ReleaseRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(manifestCid, "manifestCid");
        manifest = manifest.clone();
        description = description == null ? "" : description;
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(txHash, "txHash");
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseRecord r && name.equals(r.name) && version.equals(r.version)
                && manifestCid.equals(r.manifestCid) && Arrays.equals(manifest, r.manifest)
                && description.equals(r.description) && publisher.equals(r.publisher) && block == r.block
                && txHash.equals(r.txHash) && logIndex == r.logIndex && yanked == r.yanked
                && yankBlock == r.yankBlock;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, manifestCid);
    }

    @Override
    public String toString() {
        return name + "@" + version + " " + manifestCid + (yanked ? " (yanked at " + yankBlock + ")" : "");
    }
}
