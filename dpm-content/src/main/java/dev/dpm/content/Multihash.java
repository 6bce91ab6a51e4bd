package dev.dpm.content;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A self-describing hash: function code and digest. dpm supports sha2-256 ({@code 0x12}) and the
 * identity "hash" ({@code 0x00}, the digest is the content itself, used for tiny blocks such as the
 * empty block {@code bafkqaaa}). Immutable and thread-safe.
 */
public final class Multihash {
    public static final int SHA2_256 = 0x12;
    public static final int IDENTITY = 0x00;
    /** Largest identity digest accepted; larger inline "blocks" are a denial-of-service vector. */
    public static final int MAX_IDENTITY_LENGTH = 128;

    private final int code;
    private final byte[] digest;

    private Multihash(int code, byte[] digest) {
        this.code = code;
        this.digest = digest;
    }

    /** The multihash of {@code data} under sha2-256. */
    public static Multihash sha256(byte[] data) {
        return sha256(data, 0, data.length);
    }

    public static Multihash sha256(byte[] data, int offset, int length) {
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return new Multihash(SHA2_256, md.digest());
    }

    /** A sha2-256 multihash from an already computed 32-byte digest. */
    public static Multihash ofSha256Digest(byte[] digest) {
        if (digest.length != 32) {
            throw new IllegalArgumentException("sha2-256 digest must be 32 bytes, got " + digest.length);
        }
        return new Multihash(SHA2_256, digest.clone());
    }

    /** The identity multihash: {@code data} itself. */
    public static Multihash identity(byte[] data) {
        if (data.length > MAX_IDENTITY_LENGTH) {
            throw new IllegalArgumentException("identity multihash above " + MAX_IDENTITY_LENGTH + " bytes");
        }
        return new Multihash(IDENTITY, data.clone());
    }

    /** A fresh SHA-256 {@link MessageDigest} (every JDK has one). */
    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }

    /**
     * Decodes a multihash that starts at {@code offset}; the returned value knows its own encoded
     * length ({@link #encodedLength()}), so a caller can continue after it.
     *
     * @throws IllegalArgumentException naming what is wrong (unsupported function, bad length)
     */
    public static Multihash decode(byte[] in, int offset, int limit) {
        Varint.Decoded code = Varint.decode(in, offset, limit);
        Varint.Decoded len = Varint.decode(in, offset + code.length(), limit);
        int start = offset + code.length() + len.length();
        if (code.value() == SHA2_256) {
            if (len.value() != 32) {
                throw new IllegalArgumentException("sha2-256 digest length " + len.value() + ", expected 32");
            }
        } else if (code.value() == IDENTITY) {
            if (len.value() > MAX_IDENTITY_LENGTH) {
                throw new IllegalArgumentException("identity digest of " + len.value() + " bytes is too long");
            }
        } else {
            throw new IllegalArgumentException("unsupported multihash function 0x" + Long.toHexString(code.value()));
        }
        if (start + len.value() > limit) {
            throw new IllegalArgumentException("multihash digest truncated");
        }
        return new Multihash((int) code.value(), Arrays.copyOfRange(in, start, start + (int) len.value()));
    }

    /** Decodes exactly {@code bytes} as one multihash. */
    public static Multihash fromBytes(byte[] bytes) {
        Multihash mh = decode(bytes, 0, bytes.length);
        if (mh.encodedLength() != bytes.length) {
            throw new IllegalArgumentException("trailing bytes after multihash");
        }
        return mh;
    }

    /** The hash function's multicodec code. */
    public int code() {
        return code;
    }

    /** A copy of the digest. */
    public byte[] digest() {
        return digest.clone();
    }

    public int encodedLength() {
        return Varint.size(code) + Varint.size(digest.length) + digest.length;
    }

    public byte[] toBytes() {
        byte[] out = new byte[encodedLength()];
        int o = Varint.write(code, out, 0);
        o = Varint.write(digest.length, out, o);
        System.arraycopy(digest, 0, out, o, digest.length);
        return out;
    }

    /** True if {@code data} hashes to this multihash under this multihash's function. */
    public boolean matches(byte[] data) {
        return matches(data, 0, data.length);
    }

    public boolean matches(byte[] data, int offset, int length) {
        if (code == IDENTITY) {
            return Arrays.equals(digest, 0, digest.length, data, offset, offset + length);
        }
        MessageDigest md = newSha256();
        md.update(data, offset, length);
        return MessageDigest.isEqual(digest, md.digest());
    }

    /** Computes the multihash of {@code data} with this multihash's function. */
    public Multihash rehash(byte[] data) {
        return code == IDENTITY ? identity(data) : sha256(data);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Multihash m && m.code == code && Arrays.equals(m.digest, digest);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(digest);
    }

    /** {@code sha2-256:<hex>} or {@code identity:<hex>}. */
    @Override
    public String toString() {
        return (code == SHA2_256 ? "sha2-256:" : "identity:") + HexFormat.of().formatHex(digest);
    }
}
