package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes sharing one DPM_HOME (two installs at once) ban peers in one blacklist file at the
 * same time: each used to rewrite the file from its own copy, losing the other's bans.
 */
class BlacklistProcessesIT {
    static final int PROCESSES = 2;
    static final int BANS_EACH = 40;

    @TempDir
    Path dir;

    @Test
    void concurrentProcessesLoseNoBan() throws Exception {
        Path f = dir.resolve("blacklist.json");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<Process> children = new ArrayList<>();
        try {
            for (int tag = 0; tag < PROCESSES; tag++) {
                children.add(new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                        BlacklistWriterMain.class.getName(), f.toString(), Integer.toString(tag),
                        Integer.toString(BANS_EACH))).redirectErrorStream(true).start());
            }
            for (Process p : children) {
                assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("child finished").isTrue();
                assertThat(p.exitValue()).as("child exit status; output: %s", output(p)).isZero();
            }
        } finally {
            children.forEach(Process::destroyForcibly);
        }
        Blacklist b = Blacklist.open(f, Clock.systemUTC());
        assertThat(b.entries()).as("bans in the file").hasSize(PROCESSES * BANS_EACH);
    }

    static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
