package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.NodeOracle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Compares dpm's importer with npm ipfs-unixfs-importer 17 (the oracle) on boundaries and trees. */
class UnixfsImporterOracleIT {
    @TempDir
    Path tmp;

    static List<Long> boundarySizes(ImportProfile p) {
        long c = p.chunkSize();
        List<Long> sizes = new ArrayList<>(List.of(0L, 1L, c - 1, c, c + 1, 2 * c, 2 * c + 1, 3_000_000L, 7 * c + 12_345));
        if (p == ImportProfile.KUBO_V1) {
            long w = (long) p.maxLinks() * c;
            // width boundaries and a tree of depth 2 with a partial second subtree
            sizes.addAll(List.of(w - 1, w, w + 1, 2 * w + c + 7));
        }
        return sizes;
    }

    @ParameterizedTest
    @EnumSource(ImportProfile.class)
    void fileCidsMatchReferenceAtEveryBoundary(ImportProfile profile) throws Exception {
        List<Long> sizes = boundarySizes(profile);
        List<String> specs = sizes.stream().map(n -> "gen:" + n).toList();
        List<String[]> ref = NodeOracle.importWithReference(tmp, profile.id(), false, specs);
        UnixfsImporter importer = UnixfsImporter.builder().profile(profile).onlyHash().build();
        for (int i = 0; i < sizes.size(); i++) {
            ImportResult r = importer.importStream(new PatternInputStream(sizes.get(i)));
            assertThat(r.root().toString()).as("%s bytes, %s", sizes.get(i), profile.id()).isEqualTo(ref.get(i)[1]);
            assertThat(r.dagSize()).as("Tsize of %s bytes", sizes.get(i)).isEqualTo(Long.parseLong(ref.get(i)[2]));
        }
    }

    @ParameterizedTest
    @EnumSource(ImportProfile.class)
    void directoryTreeCidsMatchReference(ImportProfile profile) throws Exception {
        Path top = buildTree(tmp.resolve("top"), profile);
        for (boolean mode : new boolean[] {false, true}) {
            String ref = NodeOracle.importWithReference(tmp, profile.id(), mode, List.of("dir:" + top)).get(0)[1];
            ImportResult r = UnixfsImporter.builder().profile(profile).preserveMode(mode).onlyHash().build()
                    .importPath(top);
            assertThat(r.root().toString()).as("tree, %s, mode=%s", profile.id(), mode).isEqualTo(ref);
        }
    }

    @Test
    void singleFilesWithModeMatchReference() throws Exception {
        Path small = Files.writeString(tmp.resolve("small"), "hi");
        Files.setPosixFilePermissions(small, PosixFilePermissions.fromString("rwxr-x---"));
        Path defaultMode = Files.writeString(tmp.resolve("plain"), "hello");
        Files.setPosixFilePermissions(defaultMode, PosixFilePermissions.fromString("rw-r--r--"));
        Path big = tmp.resolve("big");
        try (var in = new PatternInputStream(600_000)) {
            Files.copy(in, big);
        }
        Files.setPosixFilePermissions(big, PosixFilePermissions.fromString("rwx------"));
        for (ImportProfile profile : ImportProfile.values()) {
            List<Path> files = List.of(small, defaultMode, big);
            List<String[]> ref = NodeOracle.importWithReference(tmp, profile.id(), true,
                    files.stream().map(f -> "file:" + f).toList());
            for (int i = 0; i < files.size(); i++) {
                ImportResult r = UnixfsImporter.builder().profile(profile).preserveMode(true).onlyHash().build()
                        .importPath(files.get(i));
                assertThat(r.root().toString()).as("%s %s", files.get(i), profile.id()).isEqualTo(ref.get(i)[1]);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ImportProfile.class)
    void refusesExactlyWhereReferenceShards(ImportProfile profile) throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("wide"));
        // Per link: kubo-v1 estimates 6 name + 36 CID bytes = 42; v1-2025 the serialized link, 50.
        int flatMax = profile == ImportProfile.KUBO_V1 ? 6241 : 5242;
        for (int i = 0; i <= flatMax; i++) {
            Files.write(dir.resolve(String.format("f%05d", i)), new byte[] {(byte) i});
        }
        UnixfsImporter importer = UnixfsImporter.builder().profile(profile).onlyHash().build();
        assertThatThrownBy(() -> importer.importPath(dir)).isInstanceOf(HamtShardingRequiredException.class);
        String sharded = NodeOracle.importWithReference(tmp, profile.id(), false, List.of("dir:" + dir)).get(0)[1];
        Files.delete(dir.resolve(String.format("f%05d", flatMax)));
        String flat = NodeOracle.importWithReference(tmp, profile.id(), false, List.of("dir:" + dir)).get(0)[1];
        assertThat(importer.importPath(dir).root().toString()).isEqualTo(flat);
        assertThat(sharded).isNotEqualTo(flat);
    }

    private static Path buildTree(Path top, ImportProfile profile) throws Exception {
        Files.createDirectories(top.resolve("sub/deeper/deepest"));
        Files.createDirectories(top.resolve("empty"));
        Files.createDirectories(top.resolve("sub/also-empty"));
        Files.writeString(top.resolve("a.txt"), "hello\n");
        Files.writeString(top.resolve("B.txt"), "upper case sorts first\n");
        Files.writeString(top.resolve("a-b"), "dash");
        Files.writeString(top.resolve("a.b"), "dot");
        Files.writeString(top.resolve("ä ünïcode.txt"), "unicode", StandardCharsets.UTF_8);
        Files.write(top.resolve("zero"), new byte[0]);
        try (var in = new PatternInputStream(profile.chunkSize() + 1)) {
            Files.copy(in, top.resolve("sub/chunk-plus-one"));
        }
        try (var in = new PatternInputStream(profile.chunkSize())) {
            Files.copy(in, top.resolve("sub/deeper/chunk"));
        }
        Files.writeString(top.resolve("sub/deeper/deepest/x"), "x");
        Files.createSymbolicLink(top.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(top.resolve("sub/dangling"), Path.of("../nowhere/at/all"));
        Files.setPosixFilePermissions(top.resolve("a.b"), PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(top.resolve("sub/deeper"), PosixFilePermissions.fromString("rwx------"));
        return top;
    }
}
