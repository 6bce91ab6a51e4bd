package dev.dpm.content.internal;

import dev.dpm.content.Varint;
import java.util.Arrays;

/**
 * A minimal protobuf wire-format reader over a byte range (varint and length-delimited fields,
 * which is all dag-pb and UnixFS use). Internal to dpm-content. Not thread-safe.
 */
public final class ProtoReader {
    public static final int VARINT = 0;
    public static final int I64 = 1;
    public static final int LEN = 2;
    public static final int I32 = 5;

    private final byte[] buf;
    private int pos;
    private final int limit;

    public ProtoReader(byte[] buf, int offset, int limit) {
        this.buf = buf;
        this.pos = offset;
        this.limit = limit;
    }

    public boolean hasMore() {
        return pos < limit;
    }

    /** Reads a tag; returns {@code fieldNumber << 3 | wireType}. */
    public int tag() {
        long t = varint();
        if (t > Integer.MAX_VALUE || (t >>> 3) == 0) {
            throw new IllegalArgumentException("invalid protobuf tag " + t);
        }
        return (int) t;
    }

    public long varint() {
        Varint.Decoded d = decodeVarint();
        pos += d.length();
        return d.value();
    }

    private Varint.Decoded decodeVarint() {
        // protobuf allows 10-byte varints for negative int64; dag-pb/UnixFS values are non-negative.
        return Varint.decode(buf, pos, limit);
    }

    /** Reads a length-delimited field's bounds: returns {start, end} and skips past it. */
    public int[] lengthDelimited() {
        long len = varint();
        if (len < 0 || len > limit - pos) {
            throw new IllegalArgumentException("protobuf field length " + len + " exceeds the buffer");
        }
        int start = pos;
        pos += (int) len;
        return new int[] {start, pos};
    }

    public byte[] bytes() {
        int[] r = lengthDelimited();
        return Arrays.copyOfRange(buf, r[0], r[1]);
    }

    public int fixed32() {
        if (limit - pos < 4) {
            throw new IllegalArgumentException("truncated fixed32");
        }
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    public byte[] buffer() {
        return buf;
    }
}
