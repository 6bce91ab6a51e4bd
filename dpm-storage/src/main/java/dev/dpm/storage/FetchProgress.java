package dev.dpm.storage;

import java.time.Duration;

/**
 * Totals of a running fetch.
 *
 * @param bytesFetched   verified bytes received from peers so far
 * @param blocksFetched  blocks received from peers
 * @param blocksLocal    blocks found already in the blockstore (resume)
 * @param bytesPerSecond average rate since the start
 * @param activePeers    peers still in use
 * @param elapsed        time since the start
 */
public record FetchProgress(long bytesFetched, long blocksFetched, long blocksLocal, double bytesPerSecond,
                            int activePeers, Duration elapsed) {
}
