package dev.dpm.core.install;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;

/**
 * Passes bytes through while hashing and counting them, and refuses the first byte beyond the
 * expected size, so an untrusted source can never write more than its manifest allows.
 */
final class VerifyingOutputStream extends FilterOutputStream {
    /** The source wrote more than the manifest's size. */
    static final class TooLongException extends IOException {
        TooLongException(long limit) {
            super("more than the expected " + limit + " bytes");
        }
    }

    private final long limit;
    private final MessageDigest digest;
    private long count;

    VerifyingOutputStream(OutputStream out, long limit, MessageDigest digest) {
        super(out);
        this.limit = limit;
        this.digest = digest;
    }

    long count() {
        return count;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (count + len > limit) {
            throw new TooLongException(limit);
        }
        count += len;
        digest.update(b, off, len);
        out.write(b, off, len);
    }
}
