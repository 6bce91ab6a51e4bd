package dev.dpm.content;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Unsigned LEB128 varints as used by multiformats (at most 9 bytes, values below 2^63) and by
 * protobuf. Stateless and thread-safe.
 */
public final class Varint {
    /** Multiformats limit varints to 9 bytes (63 bits). */
    public static final int MAX_BYTES = 9;

    private Varint() {
    }

    /** Number of bytes {@code value} takes; {@code value} must be non-negative. */
    public static int size(long value) {
        int n = 1;
        while ((value >>>= 7) != 0) {
            n++;
        }
        return n;
    }

    public static byte[] encode(long value) {
        byte[] out = new byte[size(value)];
        write(value, out, 0);
        return out;
    }

    /** Writes {@code value} at {@code offset}; returns the offset after it. */
    public static int write(long value, byte[] out, int offset) {
        while ((value & ~0x7FL) != 0) {
            out[offset++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[offset++] = (byte) value;
        return offset;
    }

    public static void write(long value, OutputStream out) throws IOException {
        out.write(encode(value));
    }

    /**
     * Decodes the varint at {@code offset}. Returns {@code value} and the number of bytes read.
     *
     * @throws IllegalArgumentException if it is truncated, longer than 9 bytes or not minimal
     */
    public static Decoded decode(byte[] in, int offset, int limit) {
        long value = 0;
        int shift = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            if (offset + i >= limit) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = in[offset + i] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IllegalArgumentException("varint is not minimally encoded");
                }
                return new Decoded(value, i + 1);
            }
            shift += 7;
        }
        throw new IllegalArgumentException("varint longer than " + MAX_BYTES + " bytes");
    }

    /**
     * Reads one varint from a stream.
     *
     * @return the value, or -1 if the stream ended before its first byte
     * @throws EOFException if the stream ends inside the varint
     * @throws IOException on a read failure or a malformed varint
     */
    public static long read(InputStream in) throws IOException {
        long value = 0;
        int shift = 0;
        for (int i = 0; i < MAX_BYTES; i++) {
            int b = in.read();
            if (b < 0) {
                if (i == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a varint");
            }
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw new IOException("varint is not minimally encoded");
                }
                return value;
            }
            shift += 7;
        }
        throw new IOException("varint longer than " + MAX_BYTES + " bytes");
    }

    /** A decoded value and how many bytes it took. */
    public record Decoded(long value, int length) {
    }
}
