package dev.dpm.chain.registry;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The only CID form the registry accepts for a manifest: CIDv1, raw codec (0x55), sha2-256 multihash,
 * i.e. the 36 bytes {@code 01 55 12 20 || sha256(manifest)}. The contract checks the digest on chain.
 */
public final class ManifestCid {
    private static final byte[] PREFIX = {0x01, 0x55, 0x12, 0x20};
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private ManifestCid() {
    }

    /** The binary CID of {@code manifest}. */
    public static byte[] of(byte[] manifest) {
        byte[] cid = Arrays.copyOf(PREFIX, 36);
        System.arraycopy(sha256(manifest), 0, cid, 4, 32);
        return cid;
    }

    /** Whether {@code cid} is the raw sha2-256 CIDv1 of {@code manifest}. */
    public static boolean matches(byte[] cid, byte[] manifest) {
        return Arrays.equals(cid, of(manifest));
    }

    /** Multibase base32 text ({@code b} + RFC 4648 lower-case, no padding). */
    public static String toText(byte[] cid) {
        StringBuilder s = new StringBuilder("b");
        int buffer = 0;
        int bits = 0;
        for (byte b : cid) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                s.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            s.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return s.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
