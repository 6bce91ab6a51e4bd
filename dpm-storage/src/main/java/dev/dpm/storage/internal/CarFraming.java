package dev.dpm.storage.internal;

import dev.dpm.content.Cid;
import dev.dpm.content.Varint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * CARv1 framing as the gateway streams it: {@code varint(len) dag-cbor{roots, version:1}}, then per
 * block {@code varint(len(cid)+len(data)) cid data}. Kept private to the storage module because the
 * gateway writes sections straight to the HTTP response, block by block.
 */
public final class CarFraming {
    private CarFraming() {
    }

    /** The header, length prefix included, for the given roots. */
    public static byte[] header(List<Cid> roots) {
        ByteArrayOutputStream cbor = new ByteArrayOutputStream();
        cbor.write(0xa2); // map of 2, keys in dag-cbor order (shorter first)
        textString(cbor, "roots");
        cborHead(cbor, 4, roots.size());
        for (Cid root : roots) {
            cbor.write(0xd8);
            cbor.write(42); // tag 42: CID
            byte[] cid = root.toBytes();
            cborHead(cbor, 2, cid.length + 1);
            cbor.write(0); // multibase identity prefix required by tag 42
            cbor.writeBytes(cid);
        }
        textString(cbor, "version");
        cbor.write(0x01);
        byte[] body = cbor.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 2);
        out.writeBytes(Varint.encode(body.length));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** The prefix of a section ({@code varint(len) cid}); the block's bytes follow it. */
    public static byte[] sectionPrefix(Cid cid, int blockLength) {
        byte[] c = cid.toBytes();
        byte[] len = Varint.encode(c.length + (long) blockLength);
        byte[] out = new byte[len.length + c.length];
        System.arraycopy(len, 0, out, 0, len.length);
        System.arraycopy(c, 0, out, len.length, c.length);
        return out;
    }

    public static void writeSection(OutputStream out, Cid cid, byte[] block) throws IOException {
        out.write(sectionPrefix(cid, block.length));
        out.write(block);
    }

    private static void textString(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        cborHead(out, 3, b.length);
        out.writeBytes(b);
    }

    private static void cborHead(ByteArrayOutputStream out, int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            out.write((int) (n >> 8));
            out.write((int) n);
        } else {
            out.write(m | 26);
            for (int shift = 24; shift >= 0; shift -= 8) {
                out.write((int) (n >> shift));
            }
        }
    }
}
