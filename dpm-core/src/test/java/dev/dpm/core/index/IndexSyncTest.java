package dev.dpm.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.BlockRef;
import dev.dpm.chain.rpc.ChainReader;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.LogEntry;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.db.SyncState;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a sync leaves behind when it fails, on a chain of stubs (no node needed to make reads fail). */
class IndexSyncTest {
    private static final String REGISTRY = "0x00000000000000000000000000000000000000aa";

    @TempDir
    Path root;

    /** A chain whose block 10 is no longer the one the index was synced to, and whose logs cannot be read. */
    private static ChainReader reorganisedAndUnreadable() {
        ChainView view = new ChainView() {
            @Override
            public BlockRef block() {
                return new BlockRef(20, "0x" + "20".repeat(32), 0, "0x" + "00".repeat(32));
            }

            @Override
            public BlockRef blockAt(long number) {
                return new BlockRef(number, "0x" + "bb".repeat(32), 0, "0x" + "00".repeat(32));
            }

            @Override
            public byte[] call(String to, byte[] data) throws ChainException {
                throw new ChainException("no calls here");
            }

            @Override
            public List<LogEntry> logs(String address, long fromBlock, List<String> topic0s) throws ChainException {
                throw new ChainException("endpoint http://rpc.example went away");
            }
        };
        return new ChainReader() {
            @Override
            public ChainView pin() {
                return view;
            }

            @Override
            public long chainId() {
                return 1;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aRebuildAfterAReorganisationThatCannotReadTheEventsKeepsTheOldIndex() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(new ReleaseRecord("tool", "1.0", "bafytool", new byte[] {1}, "a tool", "0xpub", 5,
                        "0xtx", 0, false, -1));
                w.index().addPublisher("0xpub", 5);
                w.saveSyncState(new SyncState(1, REGISTRY, 10, "0x" + "aa".repeat(32), 10));
                return null;
            });
            IndexSync sync = new IndexSync(db, reorganisedAndUnreadable(), REGISTRY, 0);
            assertThatThrownBy(() -> sync.sync(SyncListener.NONE)).isInstanceOf(IndexException.class)
                    .hasMessageContaining("endpoint http://rpc.example went away");

            // before: the index had been emptied before the events were read, and stayed empty
            assertThat(db.index().releaseCount()).isEqualTo(1);
            assertThat(db.index().publishers()).containsExactly("0xpub");
            assertThat(db.syncState().orElseThrow().lastSyncedBlock()).isEqualTo(10);
        }
    }
}
