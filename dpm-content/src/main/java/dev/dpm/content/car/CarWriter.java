package dev.dpm.content.car;

import dev.dpm.content.Cid;
import dev.dpm.content.Varint;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a CARv1 stream: a dag-cbor header {@code {roots: [CID...], version: 1}} then one section
 * per block ({@code varint(len) CID bytes}). Streaming; not thread-safe; does not close the stream.
 */
public final class CarWriter {
    private final OutputStream out;

    /** Writes the header at once. */
    public CarWriter(OutputStream out, List<Cid> roots) throws IOException {
        this.out = out;
        byte[] header = header(roots);
        Varint.write(header.length, out);
        out.write(header);
    }

    /** The dag-cbor header: a map with keys in canonical order ("roots" is shorter than "version"). */
    static byte[] header(List<Cid> roots) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.write(0xa2);
        text(b, "roots");
        head(b, 4, roots.size());
        for (Cid root : roots) {
            byte[] cid = root.toBytes();
            b.write(0xd8); // tag 42: a CID, as bytes with a leading 0x00 (identity multibase)
            b.write(42);
            head(b, 2, cid.length + 1);
            b.write(0);
            b.write(cid, 0, cid.length);
        }
        text(b, "version");
        head(b, 0, 1);
        return b.toByteArray();
    }

    private static void text(java.io.ByteArrayOutputStream b, String s) {
        byte[] t = s.getBytes(StandardCharsets.UTF_8);
        head(b, 3, t.length);
        b.write(t, 0, t.length);
    }

    private static void head(java.io.ByteArrayOutputStream b, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            b.write(m | (int) n);
        } else if (n < 256) {
            b.write(m | 24);
            b.write((int) n);
        } else if (n < 65536) {
            b.write(m | 25);
            b.write((int) (n >> 8));
            b.write((int) n);
        } else {
            b.write(m | 26);
            for (int s = 24; s >= 0; s -= 8) {
                b.write((int) (n >> s));
            }
        }
    }

    /** Appends one block section. The block is written as given (callers pass verified blocks). */
    public void write(Cid cid, byte[] block) throws IOException {
        byte[] c = cid.toBytes();
        Varint.write((long) c.length + block.length, out);
        out.write(c);
        out.write(block);
    }

    public void flush() throws IOException {
        out.flush();
    }
}
