package dev.dpm.core.index;

import java.time.Duration;
import java.util.List;

/**
 * What one {@link IndexSync#sync} did.
 *
 * @param fromBlock       first block read (the block after the previous sync)
 * @param toBlock         the pinned head, now the last synced block
 * @param toBlockHash     its hash
 * @param events          registry events read
 * @param releasesAdded   releases added to the index
 * @param yanks           releases marked yanked
 * @param rejected        releases left out because their manifest did not check out (one line each)
 * @param totalReleases   releases in the index afterwards
 * @param elapsed         wall time
 * @param reorganisation  the reorganisation found at the previous sync's last block (the index was then
 *                        rebuilt from {@code fromBlock}), or null when there was none
 */
public record SyncReport(long fromBlock, long toBlock, String toBlockHash, int events, int releasesAdded, int yanks,
        List<String> rejected, long totalReleases, Duration elapsed, Reorganisation reorganisation) {
    public SyncReport {
        rejected = List.copyOf(rejected);
    }

    /** A report of a sync without reorganisation. */
    public SyncReport(long fromBlock, long toBlock, String toBlockHash, int events, int releasesAdded, int yanks,
            List<String> rejected, long totalReleases, Duration elapsed) {
        this(fromBlock, toBlock, toBlockHash, events, releasesAdded, yanks, rejected, totalReleases, elapsed, null);
    }

    /**
     * The chain no longer holds the block the index was last synced to.
     *
     * @param block     the previous sync's last block
     * @param hadHash   its hash as recorded by that sync
     * @param chainHash the hash of the chain's block of that number now
     */
    public record Reorganisation(long block, String hadHash, String chainHash) {
        /** One line for the user. */
        public String describe() {
            return "chain reorganised at block " + block + " (had " + hadHash + ", chain has " + chainHash + ")";
        }
    }

    /** Whether the index was already up to date (no new blocks). */
    public boolean upToDate() {
        return fromBlock > toBlock;
    }
}
