package dev.dpm.storage.internal;

/**
 * Reads only the {@code Type} field of a UnixFS {@code Data} message (the bytes in a dag-pb node's
 * Data), which is all the gateway needs to decide what {@code dag-scope=entity} covers.
 */
public final class UnixfsKind {
    public static final int RAW = 0;
    public static final int DIRECTORY = 1;
    public static final int FILE = 2;
    public static final int METADATA = 3;
    public static final int SYMLINK = 4;
    public static final int HAMT_SHARD = 5;
    /** Not UnixFS (no Data, or not decodable). */
    public static final int UNKNOWN = -1;

    private UnixfsKind() {
    }

    /** The UnixFS type number in {@code data}, or {@link #UNKNOWN}. */
    public static int of(byte[] data) {
        if (data == null) {
            return UNKNOWN;
        }
        int i = 0;
        while (i < data.length) {
            long[] tag = varint(data, i);
            if (tag == null) {
                return UNKNOWN;
            }
            i = (int) tag[1];
            int field = (int) (tag[0] >>> 3);
            int wire = (int) (tag[0] & 7);
            if (wire == 0) {
                long[] v = varint(data, i);
                if (v == null) {
                    return UNKNOWN;
                }
                if (field == 1) {
                    return (int) v[0];
                }
                i = (int) v[1];
            } else if (wire == 2) {
                long[] len = varint(data, i);
                if (len == null) {
                    return UNKNOWN;
                }
                i = (int) (len[1] + len[0]);
            } else if (wire == 1) {
                i += 8;
            } else if (wire == 5) {
                i += 4;
            } else {
                return UNKNOWN;
            }
        }
        return UNKNOWN;
    }

    private static long[] varint(byte[] b, int i) {
        long v = 0;
        for (int shift = 0; shift < 64 && i < b.length; shift += 7) {
            int x = b[i++] & 0xff;
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return new long[] {v, i};
            }
        }
        return null;
    }
}
