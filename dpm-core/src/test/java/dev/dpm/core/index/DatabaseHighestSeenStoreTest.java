package dev.dpm.core.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.rpc.SeenBlock;
import dev.dpm.core.db.LocalDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseHighestSeenStoreTest {
    private static final String HASH_A = "0x" + "a".repeat(64);
    private static final String HASH_B = "0x" + "b".repeat(64);

    @TempDir
    Path root;

    @Test
    void keepsTheHighestBlockAcrossReopeningAndNeverMovesBack() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            DatabaseHighestSeenStore store = new DatabaseHighestSeenStore(db, root, 31337);
            assertThat(store.load()).isEmpty();
            store.record(new SeenBlock(10, HASH_A));
            store.record(new SeenBlock(7, HASH_B));
            assertThat(store.load()).contains(new SeenBlock(10, HASH_A));
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(new DatabaseHighestSeenStore(db, root, 31337).load()).contains(new SeenBlock(10, HASH_A));
            assertThat(db.syncState().orElseThrow().highestBlockSeen()).isEqualTo(10);
        }
    }

    @Test
    void deletingTheSideFileDoesNotReopenTheRollbackWindow() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            DatabaseHighestSeenStore store = new DatabaseHighestSeenStore(db, root, 31337);
            store.record(new SeenBlock(10, HASH_A));
            Files.delete(root.resolve(DatabaseHighestSeenStore.RELATIVE_PATH));
            // the number survives in the database; without its hash, block 9 is reported with a hash no block has,
            // so a head at or below 9 is refused and a head at 10 or above passes
            assertThat(store.load()).contains(new SeenBlock(9, DatabaseHighestSeenStore.UNKNOWN_HASH));
        }
    }
}
