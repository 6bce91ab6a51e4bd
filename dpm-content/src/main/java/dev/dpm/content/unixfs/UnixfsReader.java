package dev.dpm.content.unixfs;

import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.InvalidBlockException;
import dev.dpm.content.MissingBlockException;
import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import dev.dpm.content.dagpb.PbNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Reads UnixFS content from a {@link Blockstore}: file bytes, directory listings, and whole trees
 * exported to the filesystem. Every block is re-hashed against its CID as it is read, so a
 * corrupted store cannot produce wrong bytes silently. Thread-safe if the blockstore is.
 */
public final class UnixfsReader {
    private static final int MAX_DEPTH = 64;
    private final Blockstore store;

    public UnixfsReader(Blockstore store) {
        this.store = store;
    }

    private byte[] load(Cid cid) throws ContentException {
        byte[] block = store.get(cid).orElseThrow(() -> new MissingBlockException(cid));
        if (!cid.matches(block)) {
            throw new BlockMismatchException(cid, cid.multihash().rehash(block), "the local blockstore");
        }
        return block;
    }

    /** The type and size of the node at {@code cid}. */
    public UnixfsNode stat(Cid cid) throws ContentException {
        byte[] block = load(cid);
        if (cid.codec() == Cid.RAW) {
            return new UnixfsNode(cid, UnixfsData.Type.FILE, block.length, null);
        }
        UnixfsData d = data(cid, block);
        long size = switch (d.type()) {
            case FILE, RAW -> d.filesize() != null ? d.filesize() : (d.data() == null ? 0 : d.data().length);
            case SYMLINK -> d.data() == null ? 0 : d.data().length;
            default -> 0;
        };
        return new UnixfsNode(cid, d.type(), size, d.mode());
    }

    private static UnixfsData data(Cid cid, byte[] block) throws InvalidBlockException {
        if (cid.codec() != Cid.DAG_PB) {
            throw new InvalidBlockException(cid, "not UnixFS (codec 0x" + Long.toHexString(cid.codec()) + ")");
        }
        return UnixfsData.decode(cid, DagPb.decode(cid, block).data());
    }

    /**
     * Writes the bytes of the file at {@code cid} to {@code out}, verifying every block.
     *
     * @return the number of bytes written
     * @throws InvalidBlockException if {@code cid} is not a file or the DAG is inconsistent
     * @throws MissingBlockException if a block is absent
     */
    public long copyTo(Cid cid, OutputStream out) throws ContentException, IOException {
        return copy(cid, out, 0);
    }

    private long copy(Cid cid, OutputStream out, int depth) throws ContentException, IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidBlockException(cid, "file DAG deeper than " + MAX_DEPTH);
        }
        byte[] block = load(cid);
        if (cid.codec() == Cid.RAW) {
            out.write(block);
            return block.length;
        }
        PbNode node = DagPb.decode(cid, block);
        UnixfsData d = UnixfsData.decode(cid, node.data());
        if (d.type() != UnixfsData.Type.FILE && d.type() != UnixfsData.Type.RAW) {
            throw new InvalidBlockException(cid, "is a " + d.type().name().toLowerCase() + ", not a file");
        }
        long written = 0;
        if (d.data() != null) {
            out.write(d.data());
            written += d.data().length;
        }
        List<PbLink> links = node.links();
        if (!links.isEmpty() && d.blocksizes().size() != links.size()) {
            throw new InvalidBlockException(cid, links.size() + " links but " + d.blocksizes().size() + " blocksizes");
        }
        for (int i = 0; i < links.size(); i++) {
            long n = copy(links.get(i).hash(), out, depth + 1);
            if (n != d.blocksizes().get(i)) {
                throw new InvalidBlockException(cid, "child " + links.get(i).hash() + " holds " + n
                        + " bytes, blocksizes says " + d.blocksizes().get(i));
            }
            written += n;
        }
        if (d.filesize() != null && d.filesize() != written) {
            throw new InvalidBlockException(cid, "filesize " + d.filesize() + " but " + written + " bytes found");
        }
        return written;
    }

    /**
     * A stream of the bytes of the file at {@code cid}, reading and verifying one block at a time
     * (memory: one block plus one node per tree level). Failures surface as
     * {@link UnixfsReadException} (an {@link IOException} whose cause is the
     * {@link ContentException} naming the block). Not thread-safe.
     *
     * @throws ContentException if the root is absent, corrupt or not a file
     */
    public java.io.InputStream open(Cid cid) throws ContentException {
        UnixfsNode root = stat(cid);
        if (root.type() != UnixfsData.Type.FILE && root.type() != UnixfsData.Type.RAW) {
            throw new InvalidBlockException(cid, "is a " + root.type().name().toLowerCase() + ", not a file");
        }
        return new FileStream(cid, root.size());
    }

    /** An {@link IOException} carrying the content failure met while streaming a file. */
    public static final class UnixfsReadException extends IOException {
        public UnixfsReadException(ContentException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized ContentException getCause() {
            return (ContentException) super.getCause();
        }
    }

    /** Depth-first walk of a file DAG yielding data pieces in order. */
    private final class FileStream extends java.io.InputStream {
        private final java.util.ArrayDeque<java.util.Iterator<PbLink>> stack = new java.util.ArrayDeque<>();
        private final Cid root;
        private final long expected;
        private byte[] piece = new byte[0];
        private int pos;
        private long produced;
        private boolean started;

        FileStream(Cid root, long expected) {
            this.root = root;
            this.expected = expected;
        }

        /** Loads the next non-empty piece; false at the end of the file. */
        private boolean advance() throws IOException {
            try {
                if (!started) {
                    started = true;
                    if (enter(root)) {
                        return true;
                    }
                }
                while (!stack.isEmpty()) {
                    java.util.Iterator<PbLink> it = stack.peek();
                    if (!it.hasNext()) {
                        stack.pop();
                        continue;
                    }
                    if (stack.size() > MAX_DEPTH) {
                        throw new InvalidBlockException(root, "file DAG deeper than " + MAX_DEPTH);
                    }
                    if (enter(it.next().hash())) {
                        return true;
                    }
                }
                if (produced != expected) {
                    throw new InvalidBlockException(root, "filesize " + expected + " but " + produced + " bytes found");
                }
                return false;
            } catch (ContentException e) {
                throw new UnixfsReadException(e);
            }
        }

        /** Visits a node: sets its own data as the current piece (true if non-empty), queues its links. */
        private boolean enter(Cid cid) throws ContentException {
            byte[] block = load(cid);
            byte[] data;
            if (cid.codec() == Cid.RAW) {
                data = block;
            } else {
                PbNode node = DagPb.decode(cid, block);
                UnixfsData d = UnixfsData.decode(cid, node.data());
                if (d.type() != UnixfsData.Type.FILE && d.type() != UnixfsData.Type.RAW) {
                    throw new InvalidBlockException(cid, "is a " + d.type().name().toLowerCase() + " inside a file");
                }
                data = d.data() == null ? new byte[0] : d.data();
                if (!node.links().isEmpty()) {
                    stack.push(node.links().iterator());
                }
            }
            piece = data;
            pos = 0;
            produced += data.length;
            return data.length > 0;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (pos >= piece.length) {
                if (!advance()) {
                    return -1;
                }
            }
            int n = Math.min(len, piece.length - pos);
            System.arraycopy(piece, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    /**
     * The entries of the directory at {@code cid}, in link order.
     *
     * @throws InvalidBlockException if it is not a (flat) UnixFS directory
     */
    public List<DirectoryEntry> list(Cid cid) throws ContentException {
        byte[] block = load(cid);
        if (cid.codec() != Cid.DAG_PB) {
            throw new InvalidBlockException(cid, "not a directory");
        }
        PbNode node = DagPb.decode(cid, block);
        UnixfsData d = UnixfsData.decode(cid, node.data());
        if (d.type() == UnixfsData.Type.HAMT_SHARD) {
            throw new InvalidBlockException(cid, "HAMT sharded directories are not supported");
        }
        if (d.type() != UnixfsData.Type.DIRECTORY) {
            throw new InvalidBlockException(cid, "is a " + d.type().name().toLowerCase() + ", not a directory");
        }
        List<DirectoryEntry> out = new ArrayList<>();
        for (PbLink l : node.links()) {
            out.add(new DirectoryEntry(l.name() == null ? "" : l.name(), l.hash(), l.tsize() == null ? -1 : l.tsize()));
        }
        return out;
    }

    /**
     * Exports the file, directory tree or symlink at {@code cid} to {@code target}, which must not
     * exist. Permission bits recorded in UnixFS are applied. Names that could escape the target
     * ({@code ..}, {@code /}, empty) are refused.
     */
    public void export(Cid cid, Path target) throws ContentException, IOException {
        export(cid, target, 0);
    }

    private void export(Cid cid, Path target, int depth) throws ContentException, IOException {
        if (depth > MAX_DEPTH) {
            throw new InvalidBlockException(cid, "directory tree deeper than " + MAX_DEPTH);
        }
        UnixfsNode node = stat(cid);
        switch (node.type()) {
            case FILE, RAW -> {
                try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE)) {
                    copyTo(cid, out);
                }
            }
            case DIRECTORY, HAMT_SHARD -> {
                List<DirectoryEntry> entries = list(cid);
                Files.createDirectory(target);
                for (DirectoryEntry e : entries) {
                    String n = e.name();
                    if (n.isEmpty() || n.equals(".") || n.equals("..") || n.contains("/") || n.indexOf('\0') >= 0) {
                        throw new InvalidBlockException(cid, "unsafe entry name '" + n + "'");
                    }
                    export(e.cid(), target.resolve(n), depth + 1);
                }
            }
            case SYMLINK -> {
                UnixfsData d = data(cid, load(cid));
                String link = new String(d.data() == null ? new byte[0] : d.data(), StandardCharsets.UTF_8);
                Files.createSymbolicLink(target, Path.of(link));
                return;
            }
            default -> throw new InvalidBlockException(cid, "cannot export a " + node.type());
        }
        if (node.mode() != null) {
            try {
                Files.setPosixFilePermissions(target, permissions(node.mode()));
            } catch (UnsupportedOperationException e) {
                // Non-POSIX filesystem: modes cannot be represented; content is what matters.
            }
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int i = 0; i < order.length; i++) {
            if ((mode & (1 << i)) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }
}
