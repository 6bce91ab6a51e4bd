package dev.dpm.cli.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCommandsTest {
    @TempDir
    Path tmp;

    Path home;
    String out;
    String err;

    @BeforeEach
    void setUp() {
        home = tmp.resolve("home");
    }

    private int dpm(String... args) {
        CapturedRun r = CapturedRun.inHome(home, args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @Test
    void addPrintsTheCidOfBothProfiles() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "x".repeat(300_000));
        String expectedV1 = UnixfsImporter.builder().onlyHash().build().importPath(f).root().toString();
        String expectedKubo = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).onlyHash().build()
                .importPath(f).root().toString();
        assertThat(dpm("add", "--only-hash", f.toString())).isZero();
        assertThat(out.trim()).isEqualTo(expectedV1);
        assertThat(Files.exists(home.resolve("repo"))).isFalse();
        assertThat(dpm("add", "--profile", "kubo-v1", "--pin", f.toString())).isZero();
        assertThat(out.trim()).isEqualTo(expectedKubo);
        assertThat(dpm("pin", "ls")).isZero();
        assertThat(out).contains(expectedKubo);
    }

    @Test
    void badInputGivesOneLineAndDistinctCode() throws Exception {
        assertThat(dpm("add", tmp.resolve("missing").toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.trim()).startsWith("dpm: ").contains("missing").doesNotContain("\n");
        assertThat(dpm("add", "--profile", "nope", tmp.toString())).isEqualTo(ExitCodes.USAGE);
        assertThat(err).contains("unknown import profile 'nope'");
        assertThat(dpm("pin", "add", "not-a-cid")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.trim()).isEqualTo("dpm: invalid CID 'not-a-cid': unsupported multibase prefix 'n'");
        String absent = Cid.raw(new byte[] {1, 2, 3}).toString();
        assertThat(dpm("car", "export", absent, "-o", tmp.resolve("x.car").toString())).isEqualTo(ExitCodes.CONTENT);
        assertThat(err).contains(absent).contains("not in the blockstore");
        assertThat(tmp.resolve("x.car")).doesNotExist();
    }

    @Test
    void carExportImportPinGcAndVerify() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("tree/sub"));
        Files.writeString(dir.resolve("a"), "alpha");
        Files.writeString(tmp.resolve("tree/b"), "beta");
        assertThat(dpm("add", tmp.resolve("tree").toString())).isZero();
        String root = out.trim();
        Path car = tmp.resolve("tree.car");
        assertThat(dpm("car", "export", root, "-o", car.toString())).isZero();
        assertThat(dpm("repo", "stat")).isZero();
        assertThat(out).contains("blocks:        4").contains("pinned bytes:  0");
        assertThat(dpm("repo", "gc")).isZero();
        assertThat(out).contains("removed 4 blocks");
        assertThat(dpm("car", "import", car.toString())).isZero();
        assertThat(out.trim()).isEqualTo(root);
        assertThat(dpm("repo", "gc")).isZero();
        assertThat(out).contains("removed 0 blocks");
        assertThat(dpm("repo", "verify")).isZero();
        assertThat(out).contains("verified 4 blocks");
        assertThat(dpm("pin", "rm", root)).isZero();
        assertThat(dpm("pin", "rm", root)).isEqualTo(ExitCodes.INVALID_INPUT);
        // A block corrupted on disk is reported by verify with a non-zero exit.
        Path someBlock;
        try (var s = Files.walk(home.resolve("repo/blocks"))) {
            someBlock = s.filter(p -> p.toString().endsWith(".data")).findFirst().orElseThrow();
        }
        Files.writeString(someBlock, "rot");
        assertThat(dpm("repo", "verify")).isEqualTo(ExitCodes.CONTENT);
        assertThat(out).contains("bad block");
        assertThat(err).contains("1 of 4 blocks do not match");
    }

    @Test
    void addRefusesDirectoryNeedingHamtInOneLine() throws Exception {
        Path wide = Files.createDirectories(tmp.resolve("wide"));
        for (int i = 0; i < 6242; i++) {
            Files.write(wide.resolve(String.format("f%05d", i)), new byte[] {1});
        }
        assertThat(dpm("add", "--only-hash", "--profile", "kubo-v1", wide.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.trim()).startsWith("dpm: directory " + wide).endsWith("HAMT sharding not supported")
                .doesNotContain("\n");
    }

    @Test
    void carImportRejectsCorruptCar() throws Exception {
        Path f = Files.writeString(tmp.resolve("f"), "content");
        assertThat(dpm("add", f.toString())).isZero();
        String root = out.trim();
        Path car = tmp.resolve("f.car");
        assertThat(dpm("car", "export", root, "-o", car.toString())).isZero();
        byte[] b = Files.readAllBytes(car);
        b[b.length - 1] ^= 1;
        Files.write(car, b);
        assertThat(dpm("car", "import", car.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err).contains("does not match its CID").contains(car.toString());
    }
}
