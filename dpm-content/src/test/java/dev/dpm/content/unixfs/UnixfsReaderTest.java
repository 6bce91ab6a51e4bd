package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreStats;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.MissingBlockException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixfsReaderTest {
    @TempDir
    Path tmp;

    @Test
    void readsBackMultiLevelFile() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        long n = 174L * 262_144 + 262_144 + 5; // depth 2 in kubo-v1
        ImportResult r = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(store).build()
                .importStream(new PatternInputStream(n));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(new UnixfsReader(store).copyTo(r.root(), out)).isEqualTo(n);
        assertThat(out.toByteArray()).isEqualTo(new PatternInputStream(n).readAllBytes());
        assertThat(new UnixfsReader(store).stat(r.root()).size()).isEqualTo(n);
        try (java.io.InputStream in = new UnixfsReader(store).open(r.root())) {
            assertThat(in.readAllBytes()).isEqualTo(out.toByteArray());
        }
    }

    @Test
    void streamsSmallAndEmptyFilesAndRefusesDirectories() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        UnixfsImporter importer = UnixfsImporter.builder().blockstore(store).build();
        for (long n : new long[] {0, 1, 1_048_577}) {
            ImportResult r = importer.importStream(new PatternInputStream(n));
            try (java.io.InputStream in = new UnixfsReader(store).open(r.root())) {
                assertThat(in.readAllBytes()).isEqualTo(new PatternInputStream(n).readAllBytes());
            }
        }
        Path dir = Files.createDirectories(tmp.resolve("d"));
        ImportResult d = importer.importPath(dir);
        assertThatThrownBy(() -> new UnixfsReader(store).open(d.root()))
                .isInstanceOf(dev.dpm.content.InvalidBlockException.class).hasMessageContaining("not a file");
    }

    @Test
    void exportsTreeWithSymlinksAndModes() throws Exception {
        Path src = tmp.resolve("src");
        Files.createDirectories(src.resolve("sub/empty"));
        Files.writeString(src.resolve("sub/file"), "content");
        Files.setPosixFilePermissions(src.resolve("sub/file"), PosixFilePermissions.fromString("rwx------"));
        Files.createSymbolicLink(src.resolve("link"), Path.of("sub/file"));
        MemoryBlockstore store = new MemoryBlockstore();
        ImportResult r = UnixfsImporter.builder().blockstore(store).preserveMode(true).build().importPath(src);
        UnixfsReader reader = new UnixfsReader(store);
        assertThat(reader.list(r.root())).extracting(DirectoryEntry::name).containsExactly("link", "sub");
        Path out = tmp.resolve("out");
        reader.export(r.root(), out);
        assertThat(Files.readString(out.resolve("sub/file"))).isEqualTo("content");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("sub/file"))))
                .isEqualTo("rwx------");
        assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("sub/file"));
        assertThat(out.resolve("sub/empty")).isEmptyDirectory();
    }

    @Test
    void refusesMissingAndCorruptBlocks() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportResult r = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(store).build()
                .importStream(new PatternInputStream(600_000));
        Cid leaf = store.allCids().stream().filter(c -> !c.multihash().equals(r.root().multihash())).findFirst()
                .orElseThrow();
        store.delete(leaf);
        assertThatThrownBy(() -> new UnixfsReader(store).copyTo(r.root(), new ByteArrayOutputStream()))
                .isInstanceOf(MissingBlockException.class).hasMessageContaining(leaf.toString());
        try (java.io.InputStream in = new UnixfsReader(store).open(r.root())) {
            assertThatThrownBy(in::readAllBytes).isInstanceOf(UnixfsReader.UnixfsReadException.class)
                    .hasCauseInstanceOf(MissingBlockException.class);
        }
        Blockstore lying = new LyingBlockstore(store);
        assertThatThrownBy(() -> new UnixfsReader(lying).copyTo(r.root(), new ByteArrayOutputStream()))
                .isInstanceOf(BlockMismatchException.class);
    }

    /** Returns a wrong block for every CID: the reader must notice. */
    private record LyingBlockstore(MemoryBlockstore real) implements Blockstore {
        public boolean has(Cid c) {
            return true;
        }

        public Optional<byte[]> get(Cid c) {
            return Optional.of(new byte[] {42});
        }

        public void put(Cid c, byte[] b) {
        }

        public long size(Cid c) {
            return 1;
        }

        public boolean delete(Cid c) {
            return false;
        }

        public List<Cid> allCids() {
            return List.of();
        }

        public BlockstoreStats stat() {
            return new BlockstoreStats(0, 0);
        }
    }
}
