package dev.dpm.core.debian;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Decompresses an lz4 file through the {@code lz4} program; the stream's close reports its failure. */
final class ExternalLz4 extends FilterInputStream {
    private final Process process;
    private final Path file;

    private ExternalLz4(Process process, Path file) {
        super(new BufferedInputStream(process.getInputStream(), 1 << 16));
        this.process = process;
        this.file = file;
    }

    /** The decompressed stream, or null when no {@code lz4} program can be started. */
    static InputStream tryOpen(Path file) {
        try {
            Process p = new ProcessBuilder("lz4", "-dc", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            return new ExternalLz4(p, file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() throws IOException {
        boolean drained = in.read() < 0;
        super.close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(file + ": lz4 did not finish");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(file + ": interrupted while decompressing", e);
        }
        if (drained && process.exitValue() != 0) {
            throw new IOException(file + ": lz4 exited with " + process.exitValue());
        }
        if (!drained) {
            process.destroy();
        }
    }
}
