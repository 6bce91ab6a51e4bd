package dev.dpm.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockstoreTest {
    @TempDir
    Path dir;

    @Test
    void laysOutBlocksLikeKuboFlatfs() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        Cid cid = Cid.raw(new byte[0]);
        store.put(cid, new byte[0]);
        // Kubo stores the empty block as CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data
        // in shard "QV" (next-to-last/2).
        Path expected = dir.resolve("QV").resolve("CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data");
        assertThat(store.pathOf(cid)).isEqualTo(expected);
        assertThat(expected).exists();
        assertThat(Files.readString(dir.resolve("SHARDING"))).isEqualTo("/repo/flatfs/shard/v1/next-to-last/2\n");
    }

    @Test
    void removesStaleTemporaryFilesOnOpen() throws Exception {
        FileBlockstore.open(dir);
        Path stale = dir.resolve(".tmp").resolve("x.tmp");
        Files.write(stale, new byte[] {1});
        FileBlockstore store = FileBlockstore.open(dir);
        assertThat(stale).doesNotExist();
        assertThat(store.allCids()).isEmpty();
    }

    @Test
    void reopensWithExistingBlocks() throws Exception {
        byte[] b = "block".getBytes();
        FileBlockstore.open(dir).put(Cid.raw(b), b);
        assertThat(FileBlockstore.open(dir).get(Cid.raw(b))).hasValue(b);
    }
}
