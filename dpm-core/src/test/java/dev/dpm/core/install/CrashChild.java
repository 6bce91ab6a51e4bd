package dev.dpm.core.install;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The child JVM of the crash and lock tests. {@code CrashChild ROOT SCENARIO POINT MARKER}: runs the
 * scenario's transaction on ROOT and, on reaching POINT, writes MARKER and waits forever to be killed.
 * POINT is {@code step:NAME} (a {@link TransactionStep} starts), {@code staged:N} (N files staged),
 * {@code applied:N} (N journal operations applied) or {@code hold} (after taking the lock).
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        String scenario = args[1];
        String point = args[2];
        Path marker = Path.of(args[3]);
        TransactionListener listener = new TransactionListener() {
            @Override
            public void stepStarted(TransactionStep step) {
                check("step:" + step);
            }

            @Override
            public void fileStaged(String packageName, String path, long bytes, int done, int total) {
                check("staged:" + done);
            }

            @Override
            public void operationApplied(String path, int done, int total) {
                check("applied:" + done);
            }

            private void check(String here) {
                if (here.equals(point)) {
                    pause(marker);
                }
            }
        };
        try (Transaction tx = Installer.begin(root, listener)) {
            if (point.equals("hold")) {
                pause(marker);
            }
            tx.prepare(CrashScenario.plan(scenario));
            tx.commit();
        }
        Files.writeString(marker, "finished without reaching " + point);
    }

    private static void pause(Path marker) {
        try {
            Files.writeString(marker, Long.toString(ProcessHandle.current().pid()));
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while paused", e);
        }
    }
}
