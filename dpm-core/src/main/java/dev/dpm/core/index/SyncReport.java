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
 */
public record SyncReport(long fromBlock, long toBlock, String toBlockHash, int events, int releasesAdded, int yanks,
        List<String> rejected, long totalReleases, Duration elapsed) {
    public SyncReport {
        rejected = List.copyOf(rejected);
    }

    /** Whether the index was already up to date (no new blocks). */
    public boolean upToDate() {
        return fromBlock > toBlock;
    }
}
