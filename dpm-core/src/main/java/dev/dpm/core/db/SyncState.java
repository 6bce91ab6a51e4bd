package dev.dpm.core.db;

import java.util.Objects;

/**
 * Where the package index was last synced from, and the highest block ever seen (rollback
 * protection: a chain view older than {@code highestBlockSeen} is suspicious).
 *
 * @param chainId EVM chain id
 * @param registry registry contract address (0x-hex)
 * @param lastSyncedBlock the last block whose events are all in the index
 * @param lastSyncedBlockHash that block's hash (0x-hex), to detect reorgs
 * @param highestBlockSeen the highest block number any read of this root has seen
 */
public record SyncState(long chainId, String registry, long lastSyncedBlock, String lastSyncedBlockHash,
        long highestBlockSeen) {
    public SyncState {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(lastSyncedBlockHash, "lastSyncedBlockHash");
    }
}
