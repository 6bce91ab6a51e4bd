package dev.dpm.storage;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.Varint;
import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import dev.dpm.content.dagpb.PbNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test fixtures: a one-level UnixFS file DAG (dag-pb root over raw leaves, as the importer builds
 * them) and a CAR reader for responses and npm-packed CARs.
 */
final class TestDag {
    final Cid root;
    final byte[] content;
    final List<Cid> leaves;
    final byte[] rootBlock;

    private TestDag(Cid root, byte[] content, List<Cid> leaves, byte[] rootBlock) {
        this.root = root;
        this.content = content;
        this.leaves = leaves;
        this.rootBlock = rootBlock;
    }

    static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    /** A file of {@code leafCount} raw leaves of {@code leafSize} bytes under one dag-pb root, stored in {@code store}. */
    static TestDag file(Blockstore store, int leafCount, int leafSize, int seed) throws ContentException {
        byte[] content = new byte[leafCount * leafSize];
        new java.util.Random(seed).nextBytes(content); // every leaf distinct, unlike a periodic pattern
        List<PbLink> links = new ArrayList<>();
        List<Cid> leaves = new ArrayList<>();
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        data.write(0x08);
        data.write(0x02); // Type = File
        data.write(0x18);
        data.writeBytes(Varint.encode(content.length)); // filesize
        for (int i = 0; i < leafCount; i++) {
            byte[] leaf = Arrays.copyOfRange(content, i * leafSize, (i + 1) * leafSize);
            Cid c = Cid.raw(leaf);
            store.put(c, leaf);
            leaves.add(c);
            links.add(new PbLink(c, "", (long) leaf.length));
            data.write(0x20);
            data.writeBytes(Varint.encode(leafSize)); // blocksizes
        }
        byte[] rootBlock = DagPb.encode(new PbNode(links, data.toByteArray()));
        Cid root = Cid.dagPb(rootBlock);
        store.put(root, rootBlock);
        return new TestDag(root, content, leaves, rootBlock);
    }

    /** The file's bytes as stored in {@code store}: the leaves in link order. */
    static byte[] readFile(Blockstore store, TestDag dag) throws ContentException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Cid leaf : dag.leaves) {
            out.writeBytes(store.get(leaf).orElseThrow());
        }
        return out.toByteArray();
    }

    record Section(Cid cid, byte[] data) {
    }

    /** Reads every section of a CARv1 stream (the header is skipped, only its length is checked). */
    static List<Section> readCar(InputStream in) throws IOException, ContentException {
        long headerLength = Varint.read(in);
        if (headerLength <= 0 || in.readNBytes((int) headerLength).length != headerLength) {
            throw new IOException("truncated CAR header");
        }
        List<Section> out = new ArrayList<>();
        while (true) {
            long len = Varint.read(in);
            if (len < 0) {
                return out;
            }
            byte[] section = in.readNBytes((int) len);
            if (section.length != len) {
                throw new IOException("truncated CAR section");
            }
            Cid cid = Cid.decodePrefix(section, 0, section.length);
            out.add(new Section(cid, Arrays.copyOfRange(section, cid.encodedLength(), section.length)));
        }
    }
}
