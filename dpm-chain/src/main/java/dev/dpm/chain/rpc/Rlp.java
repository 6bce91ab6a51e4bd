package dev.dpm.chain.rpc;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Recursive Length Prefix (Ethereum yellow paper, appendix B): the encoding the block hash and the
 * Merkle-Patricia trie are defined over. The decoder is strict (canonical lengths only, no trailing
 * bytes), since every byte it accepts ends up compared against a hash.
 */
final class Rlp {
    private Rlp() {
    }

    /** A decoded item: either a byte string or a list; {@link #raw} is its exact encoding. */
    record Item(byte[] bytes, List<Item> list, byte[] raw) {
        boolean isList() {
            return list != null;
        }
    }

    static byte[] encodeBytes(byte[] b) {
        if (b.length == 1 && (b[0] & 0xff) < 0x80) {
            return b.clone();
        }
        return concat(lengthPrefix(b.length, 0x80), b);
    }

    /** A non-negative integer as the minimal big-endian byte string (zero is the empty string). */
    static byte[] encodeInt(BigInteger v) {
        if (v.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are non-negative");
        }
        if (v.signum() == 0) {
            return encodeBytes(new byte[0]);
        }
        byte[] b = v.toByteArray();
        if (b[0] == 0) {
            b = Arrays.copyOfRange(b, 1, b.length);
        }
        return encodeBytes(b);
    }

    /** A list of already-encoded items. */
    static byte[] encodeList(List<byte[]> encodedItems) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] e : encodedItems) {
            body.writeBytes(e);
        }
        return concat(lengthPrefix(body.size(), 0xc0), body.toByteArray());
    }

    private static byte[] lengthPrefix(int length, int offset) {
        if (length < 56) {
            return new byte[] {(byte) (offset + length)};
        }
        byte[] len = BigInteger.valueOf(length).toByteArray();
        if (len[0] == 0) {
            len = Arrays.copyOfRange(len, 1, len.length);
        }
        byte[] out = new byte[1 + len.length];
        out[0] = (byte) (offset + 55 + len.length);
        System.arraycopy(len, 0, out, 1, len.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Decodes exactly one item spanning all of {@code in}. */
    static Item decode(byte[] in) {
        int[] pos = {0};
        Item item = decodeAt(in, pos, in.length);
        if (pos[0] != in.length) {
            throw new IllegalArgumentException("trailing bytes after RLP item");
        }
        return item;
    }

    private static Item decodeAt(byte[] in, int[] pos, int end) {
        int start = pos[0];
        if (start >= end) {
            throw new IllegalArgumentException("RLP truncated");
        }
        int p = in[start] & 0xff;
        if (p < 0x80) {
            pos[0] = start + 1;
            return new Item(new byte[] {(byte) p}, null, Arrays.copyOfRange(in, start, start + 1));
        }
        boolean list = p >= 0xc0;
        int base = list ? 0xc0 : 0x80;
        int headerLen;
        long len;
        if (p - base < 56) {
            headerLen = 1;
            len = p - base;
        } else {
            int lenOfLen = p - base - 55;
            if (lenOfLen > 4 || start + 1 + lenOfLen > end) {
                throw new IllegalArgumentException("RLP length out of range");
            }
            if ((in[start + 1] & 0xff) == 0) {
                throw new IllegalArgumentException("RLP length with leading zero");
            }
            len = 0;
            for (int i = 0; i < lenOfLen; i++) {
                len = (len << 8) | (in[start + 1 + i] & 0xff);
            }
            if (len < 56) {
                throw new IllegalArgumentException("RLP long form for a short length");
            }
            headerLen = 1 + lenOfLen;
        }
        long bodyEnd = (long) start + headerLen + len;
        if (bodyEnd > end) {
            throw new IllegalArgumentException("RLP item longer than its container");
        }
        int bodyStart = start + headerLen;
        byte[] raw = Arrays.copyOfRange(in, start, (int) bodyEnd);
        if (!list) {
            byte[] bytes = Arrays.copyOfRange(in, bodyStart, (int) bodyEnd);
            if (len == 1 && (bytes[0] & 0xff) < 0x80) {
                throw new IllegalArgumentException("RLP single byte not encoded as itself");
            }
            pos[0] = (int) bodyEnd;
            return new Item(bytes, null, raw);
        }
        List<Item> items = new ArrayList<>();
        int[] inner = {bodyStart};
        while (inner[0] < bodyEnd) {
            items.add(decodeAt(in, inner, (int) bodyEnd));
        }
        pos[0] = (int) bodyEnd;
        return new Item(null, List.copyOf(items), raw);
    }
}
