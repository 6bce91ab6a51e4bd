package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockIT {
    @TempDir
    Path tmp;

    @Test
    void anotherProcessHoldingTheLockIsNamedAndItsDeathReleasesTheLock() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root);
        try (ChildJvm child = ChildJvm.start(root, "install", "hold", tmp)) {
            child.awaitPaused();
            assertThatThrownBy(() -> Installer.begin(root)).isInstanceOfSatisfying(LockHeldException.class, e -> {
                assertThat(e.holderPid()).isEqualTo(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
                assertThat(e.lockFile()).isEqualTo(root.resolve("var/lib/dpm/lock"));
                assertThat(e.getMessage()).contains("(pid " + child.pid() + ")");
            });
            child.kill();
        }
        // kill -9 leaves the lock file (with the dead pid) behind; the OS lock died with the process.
        assertThat(root.resolve("var/lib/dpm/lock")).exists();
        try (Transaction tx = Installer.begin(root)) {
            assertThat(tx.state()).isEqualTo(Transaction.State.INITIALIZED);
            assertThat(tx.recovery().recovered()).isFalse();
        }
    }

    @Test
    void aSecondAcquireRefusedInThisJvmDoesNotReleaseTheLockToOtherProcesses() throws Exception {
        Path root = tmp.resolve("root");
        Files.createDirectories(root);
        try (Transaction held = Installer.begin(root)) {
            assertThatThrownBy(() -> Installer.begin(root)).isInstanceOfSatisfying(LockHeldException.class,
                    e -> assertThat(e.holderPid()).isEqualTo(ProcessHandle.current().pid()))
                    // not "another dpm process": the holder is this one
                    .hasMessageStartingWith("another transaction of this process (pid "
                            + ProcessHandle.current().pid() + ") holds the lock");
            // an fcntl lock is the process's: closing the refused acquire's descriptor used to drop it
            try (ChildJvm child = ChildJvm.start(root, "install", "hold", tmp)) {
                assertThat(child.pausedOrExited()).as("the child took the lock this JVM holds:\n%s",
                        child.output()).isFalse();
                assertThat(child.output()).contains("LockHeldException");
            }
            assertThat(held.state()).isEqualTo(Transaction.State.INITIALIZED);
        }
        // released by close: the next acquire, here or elsewhere, gets it
        try (Transaction again = Installer.begin(root)) {
            assertThat(again.recovery().recovered()).isFalse();
        }
    }
}
