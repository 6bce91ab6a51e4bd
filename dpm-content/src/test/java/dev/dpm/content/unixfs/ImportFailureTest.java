package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.ForwardingBlockstore;
import dev.dpm.content.MemoryBlockstore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An import whose store fails must fail, whichever thread the failure happens on. */
class ImportFailureTest {
    /** Stores into {@code backing} but throws {@code error} for every raw block. */
    static Blockstore failingOnLeaves(Blockstore backing, Error error) {
        return new ForwardingBlockstore(backing) {
            @Override
            public void put(Cid cid, byte[] block) throws ContentException {
                if (cid.codec() == Cid.RAW) {
                    throw error;
                }
                super.put(cid, block);
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
