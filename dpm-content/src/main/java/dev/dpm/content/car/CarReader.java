package dev.dpm.content.car;

import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.BlockTooLargeException;
import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.Varint;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CARv1 stream block by block, verifying every block against its CID and refusing blocks
 * above {@link Blockstore#MAX_BLOCK_SIZE}. Streaming (one block in memory); not thread-safe; does
 * not close the stream.
 */
public final class CarReader {
    private static final int MAX_HEADER = 64 * 1024;
    private static final int MAX_SECTION = Blockstore.MAX_BLOCK_SIZE + 128;

    private final InputStream in;
    private final List<Cid> roots;
    private final String source;
    private long offset;

    /** A block of the CAR. */
    public record Block(Cid cid, byte[] data) {
    }

    /**
     * Reads the header.
     *
     * @param source names the CAR in error messages (a file name, a peer)
     * @throws CarFormatException if the header is not a CARv1 header
     */
    public CarReader(InputStream in, String source) throws IOException, ContentException {
        this.in = in;
        this.source = source;
        long len = Varint.read(in);
        if (len <= 0 || len > MAX_HEADER) {
            throw new CarFormatException(source + ": invalid CAR header length " + len);
        }
        byte[] header = in.readNBytes((int) len);
        if (header.length != len) {
            throw new CarFormatException(source + ": CAR header truncated");
        }
        offset = Varint.size(len) + len;
        this.roots = parseHeader(header);
    }

    public List<Cid> roots() {
        return roots;
    }

    /**
     * The next verified block, or {@code null} at the end of the CAR.
     *
     * @throws BlockMismatchException if a block does not match its CID
     * @throws CarFormatException if a section is malformed or truncated
     */
    public Block next() throws IOException, ContentException {
        long len;
        try {
            len = Varint.read(in);
        } catch (EOFException e) {
            throw new CarFormatException(source + ": truncated section length at offset " + offset);
        }
        if (len < 0) {
            return null;
        }
        if (len == 0 || len > MAX_SECTION) {
            throw new CarFormatException(source + ": invalid section length " + len + " at offset " + offset);
        }
        byte[] section = in.readNBytes((int) len);
        if (section.length != len) {
            throw new CarFormatException(source + ": truncated section at offset " + offset);
        }
        Cid cid;
        try {
            cid = Cid.decodePrefix(section, 0, section.length);
        } catch (InvalidCidException e) {
            throw new CarFormatException(source + ": bad CID in section at offset " + offset + ": " + e.getMessage());
        }
        int cl = cid.encodedLength();
        byte[] data = java.util.Arrays.copyOfRange(section, cl, section.length);
        if (data.length > Blockstore.MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, data.length);
        }
        if (!cid.matches(data)) {
            throw new BlockMismatchException(cid, cid.multihash().rehash(data), source);
        }
        offset += Varint.size(len) + len;
        return new Block(cid, data);
    }

    private List<Cid> parseHeader(byte[] h) throws CarFormatException {
        Cbor c = new Cbor(h);
        try {
            long n = c.expect(5);
            List<Cid> found = null;
            long version = -1;
            for (long i = 0; i < n; i++) {
                String key = c.text();
                if (key.equals("roots")) {
                    long count = c.expect(4);
                    found = new ArrayList<>();
                    for (long j = 0; j < count; j++) {
                        if (c.expect(6) != 42) {
                            throw new IllegalArgumentException("root is not a CID (tag 42)");
                        }
                        byte[] b = c.bytes();
                        if (b.length < 2 || b[0] != 0) {
                            throw new IllegalArgumentException("bad CID bytes in roots");
                        }
                        found.add(Cid.fromBytes(java.util.Arrays.copyOfRange(b, 1, b.length)));
                    }
                } else if (key.equals("version")) {
                    version = c.expect(0);
                } else {
                    throw new IllegalArgumentException("unexpected header key '" + key + "'");
                }
            }
            if (c.pos != h.length) {
                throw new IllegalArgumentException("trailing bytes in header");
            }
            if (version != 1) {
                throw new CarFormatException(source + ": unsupported CAR version " + version + " (only CARv1)");
            }
            if (found == null) {
                throw new IllegalArgumentException("no roots");
            }
            return List.copyOf(found);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException | InvalidCidException e) {
            throw new CarFormatException(source + ": invalid CAR header: " + e.getMessage());
        }
    }

    /** The few dag-cbor items a CARv1 header uses. */
    private static final class Cbor {
        private final byte[] b;
        int pos;

        Cbor(byte[] b) {
            this.b = b;
        }

        long expect(int major) {
            int ib = b[pos++] & 0xFF;
            if (ib >>> 5 != major) {
                throw new IllegalArgumentException("expected CBOR major type " + major + ", got " + (ib >>> 5));
            }
            int info = ib & 31;
            if (info < 24) {
                return info;
            }
            int n = switch (info) {
                case 24 -> 1;
                case 25 -> 2;
                case 26 -> 4;
                case 27 -> 8;
                default -> throw new IllegalArgumentException("indefinite or reserved CBOR length");
            };
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (b[pos++] & 0xFF);
            }
            return v;
        }

        byte[] bytes() {
            int n = (int) expect(2);
            byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + n);
            if (pos + n > b.length) {
                throw new IllegalArgumentException("truncated bytes");
            }
            pos += n;
            return out;
        }

        String text() {
            int n = (int) expect(3);
            if (pos + n > b.length) {
                throw new IllegalArgumentException("truncated text");
            }
            String s = new String(b, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }
    }
}
