package dev.dpm.content.unixfs;

import dev.dpm.content.Cid;
import dev.dpm.content.InvalidBlockException;
import dev.dpm.content.internal.ProtoReader;
import dev.dpm.content.internal.ProtoWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The UnixFS {@code Data} protobuf carried in a dag-pb node's Data field (unixfs.proto:
 * Type=1, Data=2, filesize=3, blocksizes=4, hashType=5, fanout=6, mode=7, mtime=8). Absent
 * optional fields are {@code null}; fields are encoded in field-number order as the reference
 * implementation does. The {@code data} array is not copied.
 */
public record UnixfsData(Type type, byte[] data, Long filesize, List<Long> blocksizes, Long hashType,
        Long fanout, Integer mode, UnixTime mtime) {

    /** UnixFS node types with their protobuf numbers. */
    public enum Type {
        RAW(0), DIRECTORY(1), FILE(2), METADATA(3), SYMLINK(4), HAMT_SHARD(5);

        private final int number;

        Type(int number) {
            this.number = number;
        }

        public int number() {
            return number;
        }

        static Type of(long n) {
            for (Type t : values()) {
                if (t.number == n) {
                    return t;
                }
            }
            return null;
        }
    }

    /** A modification time: seconds since the epoch and optional nanoseconds (null if absent). */
    public record UnixTime(long seconds, Integer nanos) {
    }

    public UnixfsData {
        blocksizes = blocksizes == null ? List.of() : List.copyOf(blocksizes);
    }

    /** A directory node without metadata. */
    public static UnixfsData directory(Integer mode, UnixTime mtime) {
        return new UnixfsData(Type.DIRECTORY, null, null, List.of(), null, null, mode, mtime);
    }

    public byte[] encode() {
        ProtoWriter w = new ProtoWriter(16 + blocksizes.size() * 5 + (data == null ? 0 : data.length));
        w.varintField(1, type.number());
        if (data != null) {
            w.bytesField(2, data);
        }
        if (filesize != null) {
            w.varintField(3, filesize);
        }
        for (long b : blocksizes) {
            w.varintField(4, b);
        }
        if (hashType != null) {
            w.varintField(5, hashType);
        }
        if (fanout != null) {
            w.varintField(6, fanout);
        }
        if (mode != null) {
            w.varintField(7, mode & 0xFFFFFFFFL);
        }
        if (mtime != null) {
            ProtoWriter t = new ProtoWriter(16);
            // int64 seconds: negative values take the 10-byte two's-complement form in protobuf.
            t.varintField(1, mtime.seconds());
            if (mtime.nanos() != null) {
                t.fixed32Field(2, mtime.nanos());
            }
            w.bytesField(8, t.toByteArray());
        }
        return w.toByteArray();
    }

    /**
     * Decodes UnixFS Data bytes.
     *
     * @param cid the block they came from, for error messages
     * @throws InvalidBlockException if they are not valid UnixFS
     */
    public static UnixfsData decode(Cid cid, byte[] bytes) throws InvalidBlockException {
        if (bytes == null) {
            throw new InvalidBlockException(cid, "dag-pb node has no UnixFS Data");
        }
        try {
            ProtoReader r = new ProtoReader(bytes, 0, bytes.length);
            Type type = null;
            byte[] data = null;
            Long filesize = null;
            List<Long> blocksizes = new ArrayList<>();
            Long hashType = null;
            Long fanout = null;
            Integer mode = null;
            UnixTime mtime = null;
            while (r.hasMore()) {
                int tag = r.tag();
                int field = tag >>> 3;
                int wire = tag & 7;
                switch (field) {
                    case 1 -> {
                        type = Type.of(r.varint());
                        if (type == null) {
                            throw new IllegalArgumentException("unknown UnixFS type");
                        }
                    }
                    case 2 -> data = r.bytes();
                    case 3 -> filesize = r.varint();
                    case 4 -> {
                        if (wire == ProtoReader.LEN) {
                            int[] range = r.lengthDelimited();
                            ProtoReader packed = new ProtoReader(bytes, range[0], range[1]);
                            while (packed.hasMore()) {
                                blocksizes.add(packed.varint());
                            }
                        } else {
                            blocksizes.add(r.varint());
                        }
                    }
                    case 5 -> hashType = r.varint();
                    case 6 -> fanout = r.varint();
                    case 7 -> mode = (int) r.varint();
                    case 8 -> {
                        int[] range = r.lengthDelimited();
                        ProtoReader t = new ProtoReader(bytes, range[0], range[1]);
                        long secs = 0;
                        Integer nanos = null;
                        while (t.hasMore()) {
                            int ttag = t.tag();
                            if (ttag >>> 3 == 1) {
                                secs = t.varint();
                            } else if (ttag >>> 3 == 2 && (ttag & 7) == ProtoReader.I32) {
                                nanos = t.fixed32();
                            } else {
                                throw new IllegalArgumentException("bad UnixTime field " + (ttag >>> 3));
                            }
                        }
                        mtime = new UnixTime(secs, nanos);
                    }
                    default -> throw new IllegalArgumentException("unknown UnixFS field " + field);
                }
                if (field != 4 && field != 8 && field != 2 && wire != ProtoReader.VARINT) {
                    throw new IllegalArgumentException("wrong wire type for UnixFS field " + field);
                }
            }
            if (type == null) {
                throw new IllegalArgumentException("UnixFS Data without Type");
            }
            return new UnixfsData(type, data, filesize, blocksizes, hashType, fanout, mode, mtime);
        } catch (IllegalArgumentException e) {
            throw new InvalidBlockException(cid, "invalid UnixFS data: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixfsData u && u.type == type && Arrays.equals(u.data, data)
                && java.util.Objects.equals(u.filesize, filesize) && u.blocksizes.equals(blocksizes)
                && java.util.Objects.equals(u.hashType, hashType) && java.util.Objects.equals(u.fanout, fanout)
                && java.util.Objects.equals(u.mode, mode) && java.util.Objects.equals(u.mtime, mtime);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(data) + blocksizes.hashCode();
    }

    @Override
    public String toString() {
        return "UnixfsData[" + type + ", data=" + (data == null ? "absent" : data.length + " bytes")
                + ", filesize=" + filesize + ", blocksizes=" + blocksizes.size() + ", mode=" + mode + "]";
    }
}
