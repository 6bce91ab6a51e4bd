package dev.dpm.content.unixfs;

import java.io.InputStream;

/** The IPFS-FACTS test content: {@code n} bytes where byte i = (i*31) mod 256. */
public final class PatternInputStream extends InputStream {
    private final long length;
    private long pos;

    public PatternInputStream(long length) {
        this.length = length;
    }

    @Override
    public int read() {
        if (pos >= length) {
            return -1;
        }
        return (int) ((pos++ * 31) & 0xFF);
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos >= length) {
            return -1;
        }
        int n = (int) Math.min(len, length - pos);
        for (int i = 0; i < n; i++) {
            b[off + i] = (byte) ((pos + i) * 31);
        }
        pos += n;
        return n;
    }
}
