package dev.dpm.content.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dpm.content.FileBlockstore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of a process writing blocks leaves a repo that verifies: no torn block is ever visible. */
class RepoCrashIT {
    @TempDir
    Path dir;

    @Test
    void killedWriterLeavesNoTornBlock() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        long total = 0;
        for (int round = 0; round < 3; round++) {
            Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    BlockWriterMain.class.getName(), dir.resolve("blocks").toString(), Integer.toString(round)))
                    .redirectErrorStream(true).start();
            try {
                BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                // bounded: a child that hangs before its line would block this read (not interruptible)
                assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), r::readLine)).isEqualTo("writing");
                Thread.sleep(300 + 200L * round);
                p.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no cleanup
                assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(p.exitValue()).isEqualTo(137);
            } finally {
                p.destroyForcibly();
            }
            Path tmp = dir.resolve("blocks/.tmp");
            long leftovers;
            try (Stream<Path> s = Files.list(tmp)) {
                leftovers = s.count();
            }
            // The writer never called sync(): the marker is there, and the re-hash on open finds every
            // renamed block whole (a killed process loses no page cache; only a power loss could tear).
            assertThat(markers(dir.resolve("blocks"))).hasSize(1);
            assertThat(FileBlockstore.open(dir.resolve("blocks")).recoveredCorruptBlocks()).isZero();
            assertThat(markers(dir.resolve("blocks"))).isEmpty();
            Repo repo = Repo.open(dir); // removes leftover temporary files
            try (Stream<Path> s = Files.list(tmp)) {
                assertThat(s.count()).isZero();
            }
            VerifyReport report = repo.verify();
            assertThat(report.bad()).isEmpty();
            assertThat(report.checked()).isGreaterThan(total);
            total = report.checked();
            System.out.printf("round %d: %d blocks verified, %d temporary files were left by the kill%n",
                    round, report.checked(), leftovers);
        }
    }

    private static List<Path> markers(Path blocks) throws java.io.IOException {
        try (Stream<Path> s = Files.list(blocks)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileBlockstore.UNSYNCED_MARKER)).toList();
        }
    }
}
