package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes of one dpm home record the highest block seen: each record holds the store's OS lock,
 * so one process's lower block cannot overwrite the higher block another just wrote (rollback protection
 * between, say, an {@code update} and an {@code install} run at once).
 */
class FileHighestSeenStoreLockIT {
    @TempDir
    Path tmp;

    @Test
    void aRecordWaitsForTheLockAnotherProcessHolds() throws Exception {
        FileHighestSeenStore store = FileHighestSeenStore.under(tmp.resolve("home"), 31337);
        store.record(new SeenBlock(10, "0x" + "a".repeat(64)));
        Path locked = tmp.resolve("locked");
        Path releasing = tmp.resolve("releasing");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                LockHolderChild.class.getName(), store.lockFile().toString(), locked.toString(), releasing.toString(),
                "1000")).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(locked) && child.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(locked).as("the other process holds the lock (log: %s)", tmp.resolve("child.log")).exists();
            store.record(new SeenBlock(12, "0x" + "b".repeat(64)));
            // before: the record did not wait, and returned while the other process was still in its window
            assertThat(releasing).as("the record waited for the other process to release the lock").exists();
            assertThat(store.load()).contains(new SeenBlock(12, "0x" + "b".repeat(64)));
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).isZero();
        } finally {
            child.destroyForcibly();
        }
    }
}
