package dev.dpm.core.index;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.FileHighestSeenStore;
import dev.dpm.chain.rpc.HighestSeenStore;
import dev.dpm.chain.rpc.SeenBlock;
import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.SyncState;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The chain module's {@link HighestSeenStore} backed by an install root's state: the block number goes
 * to the local database ({@code highest_block_seen}, which never decreases), and the pair (number,
 * hash) to {@code ROOT/var/lib/dpm/highest-seen} (the database keeps no hash for the highest block).
 * {@link #load()} returns the higher of the two, so deleting the side file does not reopen a rollback
 * window. Thread-safe.
 */
public final class DatabaseHighestSeenStore implements HighestSeenStore {
    /** Path of the side file relative to the install root. */
    public static final String RELATIVE_PATH = "var/lib/dpm/highest-seen";
    /** Placeholder hash when only the number is known (the database has no hash for it). */
    static final String UNKNOWN_HASH = "0x" + "0".repeat(64);

    private final LocalDatabase db;
    private final FileHighestSeenStore file;

    public DatabaseHighestSeenStore(LocalDatabase db, Path root, long chainId) {
        this.db = db;
        this.file = new FileHighestSeenStore(root.resolve(RELATIVE_PATH), chainId);
    }

    @Override
    public synchronized Optional<SeenBlock> load() throws ChainException {
        Optional<SeenBlock> fromFile = file.load();
        Optional<SyncState> state;
        try {
            state = db.syncState();
        } catch (DatabaseException e) {
            throw new ChainException("cannot read the highest block seen from " + db.file() + ": " + e.getMessage(), e);
        }
        if (state.isEmpty() || state.get().highestBlockSeen() <= 0) {
            return fromFile;
        }
        long n = state.get().highestBlockSeen();
        if (fromFile.isPresent() && fromFile.get().number() >= n) {
            return fromFile;
        }
        if (state.get().lastSyncedBlock() == n && state.get().lastSyncedBlockHash().startsWith("0x")) {
            return Optional.of(new SeenBlock(n, state.get().lastSyncedBlockHash()));
        }
        // Hash unknown: report the block before with a hash no block has, so that any head at or below
        // it is refused (at n-1 as a different block, below as older) and a head at n or above passes.
        return Optional.of(new SeenBlock(n - 1, UNKNOWN_HASH));
    }

    @Override
    public synchronized void record(SeenBlock block) throws ChainException {
        file.record(block);
        try {
            db.write(w -> {
                w.noteBlockSeen(block.number());
                return null;
            });
        } catch (DatabaseException e) {
            throw new ChainException("cannot record block " + block.number() + " in " + db.file() + ": "
                    + e.getMessage(), e);
        }
    }
}
