package dev.dpm.content.dagpb;

import dev.dpm.content.Cid;
import dev.dpm.content.InvalidBlockException;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.internal.ProtoReader;
import dev.dpm.content.internal.ProtoWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The dag-pb codec as specified (ipld/specs "DAG-PB"): a PBNode is its Links (field 2) followed by
 * its Data (field 1); a PBLink is Hash (1), Name (2), Tsize (3) in that order. Decoding is strict:
 * wrong order, duplicate or unknown fields are rejected, so every block has one encoding.
 * Stateless and thread-safe.
 */
public final class DagPb {
    /** Orders links by their Name's UTF-8 bytes (absent name = empty), as the spec requires. */
    public static final Comparator<PbLink> LINK_ORDER = (a, b) -> Arrays.compareUnsigned(
            nameBytes(a), nameBytes(b));

    private DagPb() {
    }

    private static byte[] nameBytes(PbLink l) {
        return l.name() == null ? new byte[0] : l.name().getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the links sorted as the spec requires (a stable sort by Name bytes). */
    public static List<PbLink> sorted(List<PbLink> links) {
        List<PbLink> copy = new ArrayList<>(links);
        copy.sort(LINK_ORDER);
        return copy;
    }

    /** Encodes a node; links are written in the order given (use {@link #sorted} first). */
    public static byte[] encode(PbNode node) {
        int estimate = (node.data() == null ? 0 : node.data().length) + node.links().size() * 64 + 16;
        ProtoWriter w = new ProtoWriter(estimate);
        for (PbLink link : node.links()) {
            byte[] l = encodeLink(link);
            w.bytesField(2, l);
        }
        if (node.data() != null) {
            w.bytesField(1, node.data());
        }
        return w.toByteArray();
    }

    /** Size of the encoded link entry (tag, length and body) inside a PBNode. */
    public static int encodedLinkSize(PbLink link) {
        int n = encodeLink(link).length;
        return 1 + dev.dpm.content.Varint.size(n) + n;
    }

    private static byte[] encodeLink(PbLink link) {
        ProtoWriter w = new ProtoWriter(64);
        w.bytesField(1, link.hash().toBytes());
        if (link.name() != null) {
            w.bytesField(2, link.name().getBytes(StandardCharsets.UTF_8));
        }
        if (link.tsize() != null) {
            w.varintField(3, link.tsize());
        }
        return w.toByteArray();
    }

    /**
     * Decodes a dag-pb block.
     *
     * @param cid the block's CID, named in errors (may be null)
     * @throws InvalidBlockException if the bytes are not a valid dag-pb node
     */
    public static PbNode decode(Cid cid, byte[] block) throws InvalidBlockException {
        try {
            ProtoReader r = new ProtoReader(block, 0, block.length);
            List<PbLink> links = new ArrayList<>();
            byte[] data = null;
            while (r.hasMore()) {
                int tag = r.tag();
                if ((tag & 7) != ProtoReader.LEN) {
                    throw new IllegalArgumentException("unexpected wire type " + (tag & 7) + " for field " + (tag >>> 3));
                }
                int field = tag >>> 3;
                if (field == 2) {
                    if (data != null) {
                        throw new IllegalArgumentException("Links after Data");
                    }
                    int[] range = r.lengthDelimited();
                    links.add(decodeLink(block, range[0], range[1]));
                } else if (field == 1) {
                    if (data != null) {
                        throw new IllegalArgumentException("duplicate Data");
                    }
                    data = r.bytes();
                } else {
                    throw new IllegalArgumentException("unknown PBNode field " + field);
                }
            }
            return new PbNode(links, data);
        } catch (IllegalArgumentException | InvalidCidException e) {
            throw new InvalidBlockException(cid, "invalid dag-pb: " + e.getMessage());
        }
    }

    private static PbLink decodeLink(byte[] buf, int start, int end) throws InvalidCidException {
        ProtoReader r = new ProtoReader(buf, start, end);
        Cid hash = null;
        String name = null;
        Long tsize = null;
        int last = 0;
        while (r.hasMore()) {
            int tag = r.tag();
            int field = tag >>> 3;
            if (field <= last) {
                throw new IllegalArgumentException("PBLink fields out of order or duplicated (field " + field + ")");
            }
            last = field;
            switch (field) {
                case 1 -> {
                    expectWire(tag, ProtoReader.LEN);
                    hash = Cid.fromBytes(r.bytes());
                }
                case 2 -> {
                    expectWire(tag, ProtoReader.LEN);
                    name = new String(r.bytes(), StandardCharsets.UTF_8);
                }
                case 3 -> {
                    expectWire(tag, ProtoReader.VARINT);
                    tsize = r.varint();
                }
                default -> throw new IllegalArgumentException("unknown PBLink field " + field);
            }
        }
        if (hash == null) {
            throw new IllegalArgumentException("PBLink without Hash");
        }
        return new PbLink(hash, name, tsize);
    }

    private static void expectWire(int tag, int wire) {
        if ((tag & 7) != wire) {
            throw new IllegalArgumentException("unexpected wire type " + (tag & 7) + " for field " + (tag >>> 3));
        }
    }
}
