package dev.dpm.content.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dpm.content.DagWalker;
import dev.dpm.content.MissingBlockException;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.PatternInputStream;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinning in one process while another collects garbage in the same repo. */
class RepoPinRaceIT {
    @TempDir
    Path dir;

    /**
     * pin() checked that the DAG was complete before it took the repo lock: a GC in another process
     * (holding the lock meanwhile) deleted the unpinned DAG, then the pin was written anyway, naming a
     * root whose blocks are gone. Now the check is made under the lock, and the pin fails.
     */
    @Test
    void aPinNeverNamesADagThatAConcurrentGcDeleted() throws Exception {
        Repo repo = Repo.open(dir);
        ImportResult dag = UnixfsImporter.builder().profile(ImportProfile.KUBO_V1).blockstore(repo.blockstore())
                .build().importStream(new PatternInputStream(600_000));
        String java = ProcessHandle.current().info().command().orElse("java");
        Process gc = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                GcHoldingLockMain.class.getName(), dir.toString())).redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(gc.getInputStream(), StandardCharsets.UTF_8));
            // bounded reads: a hung child would otherwise block them (a pipe read is not interruptible)
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), out::readLine)).isEqualTo("locked");
            AtomicReference<Object> outcome = new AtomicReference<>();
            Thread pinning = Thread.ofPlatform().start(() -> {
                try {
                    outcome.set(repo.pin(dag.root()));
                } catch (Exception e) {
                    outcome.set(e);
                }
            });
            Thread.sleep(500); // the pin is now waiting for the lock (before, with its DAG check done)
            OutputStream in = gc.getOutputStream();
            in.write("go\n".getBytes(StandardCharsets.UTF_8));
            in.flush();
            assertThat(assertTimeoutPreemptively(Duration.ofSeconds(60), out::readLine)).isEqualTo("collected 3");
            pinning.join(30_000);
            assertThat(pinning.isAlive()).as("pin returned").isFalse();
            if (outcome.get() instanceof Boolean) {
                assertThatCode(() -> DagWalker.walk(repo.blockstore(), dag.root(), (cid, block) -> { }))
                        .as("pinned, so every block of the DAG is still there").doesNotThrowAnyException();
            } else {
                assertThat(outcome.get()).isInstanceOf(MissingBlockException.class);
                assertThat(repo.pins()).isEmpty();
            }
            assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            gc.destroyForcibly();
        }
    }
}
