package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnixfsImporterTest {
    @TempDir
    Path tmp;

    // Vectors from IPFS-FACTS.md, produced by the npm reference importer.
    @Test
    void matchesReferenceVectors() throws Exception {
        assertThat(hash(ImportProfile.KUBO_V1, 0)).isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(hash(ImportProfile.UNIXFS_V1_2025, 0)).isEqualTo("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");
        assertThat(hash(ImportProfile.KUBO_V1, 1)).isEqualTo("bafkreidogqfzz75tpkmjzjke425xqcrmpcib2p5tg44hnbirumdbpl5adu");
        assertThat(hash(ImportProfile.KUBO_V1, 3_000_000)).isEqualTo("bafybeiefrdvumxkd6xvoeuwl7e72m7kvom76nkb3f5xtvxjm6xp6oftydu");
        assertThat(hash(ImportProfile.UNIXFS_V1_2025, 3_000_000)).isEqualTo("bafybeifyj7jvv2fgbntcqtpos32ryqffedicpbt6rj3yhz5porm72etdie");
    }

    @Test
    void reportsSizesLikeTheReference() throws Exception {
        // The reference reports Tsize 3000609 (kubo-v1) and 3000159 (v1-2025) for 3,000,000 bytes.
        assertThat(UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).build()
                .importStream(new PatternInputStream(3_000_000)).dagSize()).isEqualTo(3_000_609);
        ImportResult r = UnixfsImporter.builder().build().importStream(new PatternInputStream(3_000_000));
        assertThat(r.dagSize()).isEqualTo(3_000_159);
        assertThat(r.contentSize()).isEqualTo(3_000_000);
        assertThat(r.blocks()).isEqualTo(4);
    }

    @Test
    void onlyHashWritesNothingAndStoreGetsEveryBlock() throws Exception {
        MemoryBlockstore store = new MemoryBlockstore();
        ImportResult stored = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(store).build()
                .importStream(new PatternInputStream(1_000_000));
        ImportResult hashed = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).onlyHash().build()
                .importStream(new PatternInputStream(1_000_000));
        assertThat(stored.root()).isEqualTo(hashed.root());
        // 3 identical full chunks (the pattern repeats every 256 bytes), 1 partial, 1 root.
        assertThat(stored.blocks()).isEqualTo(5);
        assertThat(store.stat().blocks()).isEqualTo(3);
        assertThat(store.has(stored.root())).isTrue();
    }

    @Test
    void refusesDirectoryThatNeedsSharding() throws Exception {
        Path big = Files.createDirectory(tmp.resolve("big"));
        // kubo-v1 estimate: name bytes + 36 CID bytes per link; 6242 * (6 + 36) > 262144.
        for (int i = 0; i < 6242; i++) {
            Files.write(big.resolve(String.format("f%05d", i)), new byte[] {1});
        }
        UnixfsImporter importer = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).build();
        assertThatThrownBy(() -> importer.importPath(big))
                .isInstanceOf(HamtShardingRequiredException.class)
                .hasMessageContaining(big.toString())
                .hasMessageContaining("HAMT sharding not supported");
        Files.delete(big.resolve("f06241"));
        assertThat(importer.importPath(big).root().codec()).isEqualTo(Cid.DAG_PB);
    }

    @Test
    void storeFailureFromBackgroundWriterReachesTheCaller() {
        dev.dpm.content.Blockstore broken = new dev.dpm.content.Blockstore() {
            public boolean has(Cid c) {
                return false;
            }

            public java.util.Optional<byte[]> get(Cid c) {
                return java.util.Optional.empty();
            }

            public void put(Cid c, byte[] b) throws dev.dpm.content.ContentException {
                throw new dev.dpm.content.BlockstoreException(tmp, "disk full writing " + c + " to",
                        new java.io.IOException("No space left on device"));
            }

            public long size(Cid c) {
                return -1;
            }

            public boolean delete(Cid c) {
                return false;
            }

            public java.util.List<Cid> allCids() {
                return java.util.List.of();
            }

            public dev.dpm.content.BlockstoreStats stat() {
                return new dev.dpm.content.BlockstoreStats(0, 0);
            }
        };
        assertThatThrownBy(() -> UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(broken).build()
                .importStream(new PatternInputStream(5_000_000)))
                .isInstanceOf(dev.dpm.content.BlockstoreException.class)
                .hasMessageContaining("No space left on device");
    }

    private static String hash(ImportProfile p, long n) throws Exception {
        return UnixfsImporter.builder().profile(p).build().importStream(new PatternInputStream(n)).root().toString();
    }
}
