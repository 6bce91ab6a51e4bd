package dev.dpm.content;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The multibase encodings dpm reads and writes: base32 lower-case without padding (prefix
 * {@code b}, the CIDv1 default), base58btc (prefix {@code z}, and bare for CIDv0) and base16
 * ({@code f}). Stateless and thread-safe.
 */
public final class Multibase {
    private static final String BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
    private static final String BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final int[] BASE32_INDEX = index(BASE32);
    private static final int[] BASE58_INDEX = index(BASE58);

    private Multibase() {
    }

    /** Base32 (RFC 4648 alphabet, lower case, no padding) with the multibase prefix {@code b}. */
    public static String encodeBase32(byte[] data) {
        return "b" + base32(data);
    }

    /** Base58btc with the multibase prefix {@code z}. */
    public static String encodeBase58(byte[] data) {
        return "z" + base58(data);
    }

    /**
     * Decodes a multibase string (prefixes {@code b}, {@code B}, {@code z}, {@code f}, {@code F}).
     *
     * @throws IllegalArgumentException naming the problem when the string is not valid
     */
    public static byte[] decode(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty string");
        }
        String body = text.substring(1);
        return switch (text.charAt(0)) {
            case 'b' -> decodeBase32(body);
            case 'B' -> decodeBase32(body.toLowerCase(java.util.Locale.ROOT));
            case 'z' -> decodeBase58(body);
            case 'f', 'F' -> decodeBase16(body);
            default -> throw new IllegalArgumentException("unsupported multibase prefix '" + text.charAt(0) + "'");
        };
    }

    /** Base32 lower case without prefix or padding. */
    public static String base32(byte[] data) {
        StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                sb.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            sb.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return sb.toString();
    }

    /** Decodes base32 lower case without prefix or padding. */
    public static byte[] decodeBase32(String text) {
        byte[] out = new byte[text.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? BASE32_INDEX[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base32 character '" + c + "'");
            }
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >>> (bits - 8));
                bits -= 8;
            }
        }
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0) {
            throw new IllegalArgumentException("invalid base32 length or trailing bits");
        }
        return out;
    }

    /** Base58btc without prefix. */
    public static String base58(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        StringBuilder sb = new StringBuilder();
        BigInteger n = new BigInteger(1, data);
        BigInteger base = BigInteger.valueOf(58);
        while (n.signum() > 0) {
            BigInteger[] qr = n.divideAndRemainder(base);
            sb.append(BASE58.charAt(qr[1].intValue()));
            n = qr[0];
        }
        sb.append("1".repeat(zeros));
        return sb.reverse().toString();
    }

    /** Decodes base58btc without prefix. */
    public static byte[] decodeBase58(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty base58 string");
        }
        BigInteger n = BigInteger.ZERO;
        BigInteger base = BigInteger.valueOf(58);
        int zeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int v = c < 128 ? BASE58_INDEX[c] : -1;
            if (v < 0) {
                throw new IllegalArgumentException("invalid base58 character '" + c + "'");
            }
            if (leading && v == 0) {
                zeros++;
            } else {
                leading = false;
            }
            n = n.multiply(base).add(BigInteger.valueOf(v));
        }
        byte[] mag = n.signum() == 0 ? new byte[0] : n.toByteArray();
        if (mag.length > 0 && mag[0] == 0) {
            mag = Arrays.copyOfRange(mag, 1, mag.length);
        }
        byte[] out = new byte[zeros + mag.length];
        System.arraycopy(mag, 0, out, zeros, mag.length);
        return out;
    }

    private static byte[] decodeBase16(String text) {
        if (text.length() % 2 != 0) {
            throw new IllegalArgumentException("odd base16 length");
        }
        byte[] out = new byte[text.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int hi = Character.digit(text.charAt(2 * i), 16);
            int lo = Character.digit(text.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new IllegalArgumentException("invalid base16 character");
            }
            out[i] = (byte) ((hi << 4) | lo);
        }
        return out;
    }

    private static int[] index(String alphabet) {
        int[] idx = new int[128];
        Arrays.fill(idx, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            idx[alphabet.charAt(i)] = i;
        }
        return idx;
    }
}
