package dev.dpm.cli.debimport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.core.debian.PackagesIndex;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpm import deb} and {@code dpm import debian-index} on a devnet started by {@code dpm devnet up}. */
class ImportCommandsIT {
    @TempDir
    Path tmp;
    String out;
    String err;

    @AfterEach
    void tearDown() {
        dpm("devnet", "down");
    }

    private int dpm(String... args) {
        CapturedRun r = CapturedRun.inHome(tmp.resolve("home"), args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private int signed(String... args) throws Exception {
        Path pw = Files.writeString(tmp.resolve("pw"), DevnetAccounts.PASSWORD + "\n");
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--password-file", pw.toString()));
        return dpm(all.toArray(String[]::new));
    }

    @Test
    void importsADebKeepingItsScriptsAndAnIndexSliceResumably() throws Exception {
        assertThat(dpm("devnet", "up", "--port", "0")).as(err).isZero();

        Path debs = Files.createDirectories(tmp.resolve("debs"));
        // output to a file: a pipe read until its end waits for ever (uninterruptibly) on a hung child
        Path aptLog = tmp.resolve("apt-get.log");
        Process p = new ProcessBuilder("apt-get", "download", "-q", "mawk").directory(debs.toFile())
                .redirectErrorStream(true).redirectOutput(aptLog.toFile()).start();
        boolean exited = p.waitFor(120, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String apt = Files.readString(aptLog, StandardCharsets.UTF_8);
        assertThat(exited).as("apt-get download ends within 120 s: %s", apt).isTrue();
        assertThat(p.exitValue()).as(apt).isZero();
        Path mawk;
        try (Stream<Path> s = Files.list(debs)) {
            mawk = s.findFirst().orElseThrow();
        }

        assertThat(signed("import", "deb", mawk.toString())).as(err).isZero();
        assertThat(out).contains(mawk.getFileName() + ": mawk 1.3.4")
                .contains("kept 2 maintainer scripts (postinst, prerm); dpm does not run them")
                .containsPattern("published mawk@\\S+ -> b\\S+ in block \\d+");
        assertThat(signed("import", "deb", mawk.toString())).as(err).isZero();
        assertThat(out).contains("is already published with manifest");

        byte[] bytes = Files.readAllBytes(mawk);
        for (int i = bytes.length - 5000; i < bytes.length - 4000; i++) {
            bytes[i] = 0;
        }
        Path bad = Files.write(tmp.resolve("mawk-broken.deb"), bytes);
        assertThat(signed("import", "deb", bad.toString())).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err.strip()).startsWith("dpm: " + bad + ": data.tar.xz").doesNotContain("\n").doesNotContain("Exception");

        Path slice = slice(300);
        assertThat(signed("import", "debian-index", slice.toString(), "--batch", "100", "--origin",
                "debian:bookworm/main")).as(err).isZero();
        assertThat(out).contains("read 300 stanzas (300 releases)").contains("100/300 (33.3%)")
                .contains("300/300 (100.0%)").containsPattern("ETA \\S+")
                .contains("done: 300 releases from 300 stanzas: 300 published now");
        assertThat(signed("import", "debian-index", slice.toString(), "--batch", "100", "--origin",
                "debian:bookworm/main")).as(err).isZero();
        assertThat(out).contains("resuming: 300 releases checkpointed").contains("0 published now")
                .contains("300 already in the registry");
    }

    /** The first {@code n} stanzas of the real bookworm main index. */
    private Path slice(int n) throws Exception {
        Path main = PackagesIndex.aptLists(Path.of("/var/lib/apt/lists"), "bookworm", "amd64").stream()
                .filter(f -> f.getFileName().toString().contains("_dists_bookworm_main_")).findFirst().orElseThrow();
        Path slice = tmp.resolve("Packages");
        int count = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(PackagesIndex.open(main), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(slice)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() && ++count == n) {
                    break;
                }
                w.write(line);
                w.write('\n');
            }
        }
        return slice;
    }
}
