package dev.dpm.chain.rpc;

/**
 * The newest block this client has pinned, as remembered across runs for rollback protection, with the
 * checkpoint its pin linked it from.
 *
 * <p>{@code linkedFrom} says which trust anchor vouches for the block: the {@link Checkpoint} of the
 * reader whose pin recorded it (that pin walked parent hashes from the block down to that checkpoint,
 * or to a block seen before that had itself been linked from it). A reader uses the block as the anchor
 * of its header walk only when {@code linkedFrom} is its own checkpoint: a block linked from another
 * checkpoint, or recorded without one (a reader with no checkpoint, or a file of a dpm before
 * 2026-11-26: {@code null}, unknown), says nothing about the configured checkpoint, so that pin walks
 * to the configured checkpoint as a fresh home does.
 *
 * @param number     block number
 * @param hash       block hash, 0x-prefixed lower-case hex
 * @param linkedFrom the checkpoint the block was linked from; {@code null} when none or unknown
 */
public record SeenBlock(long number, String hash, Checkpoint linkedFrom) {

    /** A block recorded without a checkpoint (or whose checkpoint is unknown). */
    public SeenBlock(long number, String hash) {
        this(number, hash, null);
    }

    /** This block (number and hash), without what it was linked from. */
    public SeenBlock block() {
        return linkedFrom == null ? this : new SeenBlock(number, hash);
    }

    /** Whether {@code other} is the same block (number and hash), whatever either was linked from. */
    public boolean sameBlock(SeenBlock other) {
        return other != null && number == other.number && hash.equals(other.hash);
    }
}
