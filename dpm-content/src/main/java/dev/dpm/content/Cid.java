package dev.dpm.content;

import java.util.HexFormat;

/**
 * A content identifier (CID) version 0 or 1: a codec (what the block is) plus a {@link Multihash}
 * (what it hashes to). Immutable and thread-safe; {@code equals} compares version, codec and hash.
 *
 * <p>Text form: {@link #toString()} is canonical — base58btc without prefix ({@code Qm…}) for
 * v0, multibase base32 lower case ({@code b…}) for v1. {@link #parse(String)} also accepts v1 in
 * base58btc ({@code z…}) and base16 ({@code f…}).
 */
public final class Cid {
    /** Multicodec of a raw block (bytes as they are). */
    public static final long RAW = 0x55;
    /** Multicodec of a dag-pb (MerkleDAG protobuf) block. */
    public static final long DAG_PB = 0x70;
    /** Multicodec of dag-cbor, recognised (not interpreted) for CAR and gateway use. */
    public static final long DAG_CBOR = 0x71;

    /** {@code bafkqaaa}: the empty raw block under the identity hash, the gateway probe. */
    public static final Cid EMPTY_IDENTITY_RAW = new Cid(1, RAW, Multihash.identity(new byte[0]));

    private final int version;
    private final long codec;
    private final Multihash multihash;

    private Cid(int version, long codec, Multihash multihash) {
        this.version = version;
        this.codec = codec;
        this.multihash = multihash;
    }

    /** A CIDv1 from its parts. */
    public static Cid v1(long codec, Multihash multihash) {
        return new Cid(1, codec, multihash);
    }

    /** A CIDv0 (always dag-pb, sha2-256). */
    public static Cid v0(Multihash multihash) {
        if (multihash.code() != Multihash.SHA2_256) {
            throw new IllegalArgumentException("CIDv0 needs a sha2-256 multihash");
        }
        return new Cid(0, DAG_PB, multihash);
    }

    /** The CIDv1 of a raw block, sha2-256. */
    public static Cid raw(byte[] block) {
        return new Cid(1, RAW, Multihash.sha256(block));
    }

    /** The CIDv1 of a dag-pb block, sha2-256. */
    public static Cid dagPb(byte[] block) {
        return new Cid(1, DAG_PB, Multihash.sha256(block));
    }

    /**
     * Parses a CID's text form.
     *
     * @throws InvalidCidException naming {@code text} when it is not a valid CID
     */
    public static Cid parse(String text) throws InvalidCidException {
        if (text == null || text.isEmpty()) {
            throw new InvalidCidException(String.valueOf(text), "empty");
        }
        if (text.length() > 256) {
            throw new InvalidCidException(text.substring(0, 64) + "…", "too long");
        }
        byte[] bytes;
        try {
            if (text.length() == 46 && text.startsWith("Qm")) {
                bytes = Multibase.decodeBase58(text);
                Multihash mh = Multihash.fromBytes(bytes);
                return v0(mh);
            }
            bytes = Multibase.decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidCidException(text, e.getMessage());
        }
        Cid cid = decode(text, bytes);
        if (cid.version == 0) {
            throw new InvalidCidException(text, "a CIDv0 must be written in bare base58btc (Qm…)");
        }
        return cid;
    }

    /**
     * Decodes a CID's binary form (v0: a bare 34-byte sha2-256 multihash; v1: version, codec,
     * multihash).
     *
     * @throws InvalidCidException when the bytes are not exactly one valid CID
     */
    public static Cid fromBytes(byte[] bytes) throws InvalidCidException {
        return decode(null, bytes);
    }

    /**
     * Decodes the CID that starts at {@code offset} and may be followed by other data (CAR
     * sections); {@link #encodedLength()} tells where it ends.
     */
    public static Cid decodePrefix(byte[] in, int offset, int limit) throws InvalidCidException {
        try {
            if (limit - offset >= 34 && in[offset] == 0x12 && in[offset + 1] == 0x20) {
                return v0(Multihash.decode(in, offset, limit));
            }
            Varint.Decoded version = Varint.decode(in, offset, limit);
            if (version.value() != 1) {
                throw new IllegalArgumentException("unsupported CID version " + version.value());
            }
            Varint.Decoded codec = Varint.decode(in, offset + version.length(), limit);
            Multihash mh = Multihash.decode(in, offset + version.length() + codec.length(), limit);
            return new Cid(1, codec.value(), mh);
        } catch (IllegalArgumentException e) {
            int end = Math.min(limit, offset + 40);
            throw new InvalidCidException("0x" + HexFormat.of().formatHex(in, offset, end), e.getMessage());
        }
    }

    private static Cid decode(String text, byte[] bytes) throws InvalidCidException {
        Cid cid;
        try {
            cid = decodePrefix(bytes, 0, bytes.length);
        } catch (InvalidCidException e) {
            if (text == null) {
                throw e;
            }
            throw new InvalidCidException(text, e.getMessage().replaceFirst("^invalid CID '[^']*': ", ""));
        }
        if (cid.encodedLength() != bytes.length) {
            throw new InvalidCidException(text != null ? text : "0x" + HexFormat.of().formatHex(bytes),
                    "trailing bytes after the CID");
        }
        return cid;
    }

    public int version() {
        return version;
    }

    /** The multicodec of the block, e.g. {@link #RAW} or {@link #DAG_PB}. */
    public long codec() {
        return codec;
    }

    public Multihash multihash() {
        return multihash;
    }

    /** True for the identity multihash: the block is inside the CID and needs no storage. */
    public boolean isIdentity() {
        return multihash.code() == Multihash.IDENTITY;
    }

    /** The block an identity CID carries (a copy); only meaningful when {@link #isIdentity()}. */
    public byte[] identityBlock() {
        return multihash.digest();
    }

    /** The same block's CIDv1 (a v1 CID is returned as is). */
    public Cid toV1() {
        return version == 1 ? this : new Cid(1, codec, multihash);
    }

    /** True if {@code block} hashes to this CID's multihash. */
    public boolean matches(byte[] block) {
        return multihash.matches(block);
    }

    public boolean matches(byte[] block, int offset, int length) {
        return multihash.matches(block, offset, length);
    }

    public int encodedLength() {
        if (version == 0) {
            return multihash.encodedLength();
        }
        return 1 + Varint.size(codec) + multihash.encodedLength();
    }

    /** The binary form. */
    public byte[] toBytes() {
        if (version == 0) {
            return multihash.toBytes();
        }
        byte[] mh = multihash.toBytes();
        byte[] out = new byte[1 + Varint.size(codec) + mh.length];
        int o = Varint.write(1, out, 0);
        o = Varint.write(codec, out, o);
        System.arraycopy(mh, 0, out, o, mh.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cid c && c.version == version && c.codec == codec && c.multihash.equals(multihash);
    }

    @Override
    public int hashCode() {
        return multihash.hashCode() * 31 + (int) codec * 2 + version;
    }

    /** Canonical text: base58btc for v0, base32 lower case with prefix {@code b} for v1. */
    @Override
    public String toString() {
        return version == 0 ? Multibase.base58(toBytes()) : Multibase.encodeBase32(toBytes());
    }
}
