package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.BlockstoreStats;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.MemoryBlockstore;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** An import whose store fails must fail, whichever thread the failure happens on. */
class ImportFailureTest {
    /** Stores into {@code backing} but throws {@code error} for every raw block. */
    static Blockstore failingOnLeaves(Blockstore backing, Error error) {
        return new Blockstore() {
            @Override
            public boolean has(Cid cid) throws BlockstoreException {
                return backing.has(cid);
            }

            @Override
            public Optional<byte[]> get(Cid cid) throws BlockstoreException {
                return backing.get(cid);
            }

            @Override
            public void put(Cid cid, byte[] block) throws ContentException {
                if (cid.codec() == Cid.RAW) {
                    throw error;
                }
                backing.put(cid, block);
            }

            @Override
            public long size(Cid cid) throws BlockstoreException {
                return backing.size(cid);
            }

            @Override
            public boolean delete(Cid cid) throws BlockstoreException {
                return backing.delete(cid);
            }

            @Override
            public List<Cid> allCids() throws BlockstoreException {
                return backing.allCids();
            }

            @Override
            public BlockstoreStats stat() throws BlockstoreException {
                return backing.stat();
            }
        };
    }

    /**
     * An Error on a background writer (out of memory, say) killed the write but not the import:
     * the writer recorded only exceptions, so the import handed out a root whose leaves were never
     * stored.
     */
    @Test
    void anErrorOnAWriterThreadFailsTheImport() {
        Blockstore store = failingOnLeaves(new MemoryBlockstore(), new OutOfMemoryError("simulated: Java heap space"));
        UnixfsImporter importer = UnixfsImporter.builder().blockstore(store).writerThreads(2).build();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(
                () -> importer.importStream(new PatternInputStream(3_000_000)))
                .isInstanceOf(ContentException.class)
                .hasMessageContaining("simulated: Java heap space"));
    }
}
