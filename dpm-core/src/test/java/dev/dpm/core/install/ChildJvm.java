package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts {@link CrashChild} in a fresh JVM with this test's class path, and waits for its marker. */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path marker;
    private final Path log;

    private ChildJvm(Process process, Path marker, Path log) {
        this.process = process;
        this.marker = marker;
        this.log = log;
    }

    static ChildJvm start(Path root, String scenario, String point, Path workDir) throws IOException {
        Path marker = workDir.resolve("marker-" + System.nanoTime());
        Path log = workDir.resolve("child-" + System.nanoTime() + ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CrashChild.class.getName(), root.toString(), scenario, point, marker.toString()));
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        return new ChildJvm(pb.start(), marker, log);
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the child is paused at its point; fails (with its output) if it ends first. */
    void awaitPaused() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(marker) && Files.size(marker) > 0) {
                String content = Files.readString(marker);
                if (!content.equals(Long.toString(process.pid()))) {
                    fail("child did not pause: " + content + "\n" + Files.readString(log));
                }
                return;
            }
            if (!process.isAlive()) {
                fail("child exited with " + process.exitValue() + " before pausing:\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        fail("child did not pause within 120 s:\n" + Files.readString(log));
    }

    /**
     * Waits until the child pauses (true) or exits (false), at most 120 s; fails if it does neither.
     */
    boolean pausedOrExited() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (Files.exists(marker) && Files.size(marker) > 0
                    && Files.readString(marker).equals(Long.toString(process.pid()))) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            Thread.sleep(20);
        }
        fail("child neither paused nor exited within 120 s:\n" + Files.readString(log));
        return false;
    }

    /** What the child printed so far. */
    String output() throws IOException {
        return Files.readString(log);
    }

    /** {@code kill -9}. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            fail("child " + process.pid() + " still running 60 s after kill -9");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
