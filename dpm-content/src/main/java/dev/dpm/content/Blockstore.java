package dev.dpm.content;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A store of verified blocks, addressed by CID. Blocks are keyed by their multihash (as in Kubo),
 * so the same bytes under a v0 or v1, raw or dag-pb CID are one block.
 *
 * <p>Contract for every implementation:
 * <ul>
 *   <li>{@link #put} verifies the bytes against the CID and refuses blocks above
 *       {@link #MAX_BLOCK_SIZE}; nothing unverified is ever stored.</li>
 *   <li>Identity CIDs (such as {@code bafkqaaa}) are always "present": their block is the CID's
 *       digest and nothing is stored for them.</li>
 *   <li>Implementations are thread-safe; a put is atomic (a reader sees the whole block or none);
 *       durability against power loss is reached at {@link #sync()}.</li>
 * </ul>
 */
public interface Blockstore {
    /** 2 MiB: the largest block IPFS peers exchange. */
    int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    /** True if the block is stored (or is an identity CID). */
    boolean has(Cid cid) throws BlockstoreException;

    /** The block's bytes, or empty if absent. The bytes are not re-verified on read. */
    Optional<byte[]> get(Cid cid) throws BlockstoreException;

    /**
     * Stores a block after checking it. Storing a block that is already present does nothing.
     *
     * @throws BlockMismatchException if {@code block} does not hash to {@code cid}
     * @throws BlockTooLargeException if it is larger than {@link #MAX_BLOCK_SIZE}
     * @throws BlockstoreException if storage failed
     */
    void put(Cid cid, byte[] block) throws ContentException;

    /**
     * Stores a block whose CID the caller computed from these very bytes a moment ago (an
     * importer), so implementations may skip re-hashing. The size limit still applies. The
     * default verifies exactly like {@link #put}.
     */
    default void putComputed(Cid cid, byte[] block) throws ContentException {
        put(cid, block);
    }

    /**
     * Stores a block received from the network that the caller has already hashed, while it
     * arrived, and found equal to {@code cid} (the fetcher), so implementations may skip
     * re-hashing; durability as for {@link #put}. The bytes are {@code block}'s position to limit;
     * the buffer is the caller's again when this returns (it is reused), so an implementation must
     * copy what it keeps. The size limit still applies. The default copies the bytes and
     * verifies them like {@link #put}.
     */
    default void putVerified(Cid cid, ByteBuffer block) throws ContentException {
        byte[] copy = new byte[block.remaining()];
        block.get(block.position(), copy);
        put(cid, copy);
    }

    /**
     * Makes every block stored so far durable. A {@link #put} or {@link #putComputed} is atomic on
     * return (after a crash of the process the block is complete or absent) but may be durable
     * against power loss only after this call ({@link FileBlockstore} defers its fsyncs to it
     * unless opened with {@code PER_BLOCK}). Writers call it at the end of an operation: the
     * importer before it hands out a CID, the fetcher before it reports success. The default does
     * nothing.
     */
    default void sync() throws BlockstoreException {
    }

    /** The block's size in bytes, or -1 if absent. */
    long size(Cid cid) throws BlockstoreException;

    /** Removes a block; returns false if it was not there. Identity CIDs are never deleted. */
    boolean delete(Cid cid) throws BlockstoreException;

    /**
     * Every stored block, as CIDv1 with the raw codec (the store keeps multihashes, not codecs —
     * Kubo's flatfs does the same). Identity blocks are not listed.
     */
    List<Cid> allCids() throws BlockstoreException;

    /** Number of blocks and their total size. */
    BlockstoreStats stat() throws BlockstoreException;
}
