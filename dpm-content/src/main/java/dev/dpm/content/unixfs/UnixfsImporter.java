package dev.dpm.content.unixfs;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.Multihash;
import dev.dpm.content.Varint;
import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import dev.dpm.content.dagpb.PbNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Imports files and directory trees into UnixFS, producing the same blocks and CIDs as npm
 * {@code ipfs-unixfs-importer} 17 for the chosen {@link ImportProfile}: fixed-size chunks, raw
 * leaves, a balanced tree of dag-pb File nodes, a single-chunk file reduced to its raw leaf,
 * directories as flat UnixFS Directory nodes with links sorted by name.
 *
 * <p>Files are streamed: memory use is one chunk plus a few links per tree level, whatever the
 * file size. Without a blockstore ({@link Builder#onlyHash()}) nothing is written. Instances
 * are immutable and may be shared; one import runs on the calling thread.
 */
public final class UnixfsImporter {
    private static final int DEFAULT_FILE_MODE = 0644;
    private static final int DEFAULT_DIR_MODE = 0755;

    private final ImportProfile profile;
    private final Blockstore store;
    private final boolean preserveMode;
    private final ImportListener listener;
    private final int writerThreads;
    private final int hashThreads;

    private UnixfsImporter(Builder b) {
        this.writerThreads = b.writerThreads;
        this.hashThreads = b.hashThreads;
        this.profile = b.profile;
        this.store = b.store;
        this.preserveMode = b.preserveMode;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Configuration of an importer. */
    public static final class Builder {
        private ImportProfile profile = ImportProfile.UNIXFS_V1_2025;
        private Blockstore store;
        private boolean preserveMode;
        private ImportListener listener = ImportListener.NONE;
        private int writerThreads = 4;
        private int hashThreads = Math.min(4, Runtime.getRuntime().availableProcessors());

        public Builder profile(ImportProfile p) {
            this.profile = p;
            return this;
        }

        /** Where blocks go. */
        public Builder blockstore(Blockstore s) {
            this.store = s;
            return this;
        }

        /** Compute CIDs only; write no block. */
        public Builder onlyHash() {
            this.store = null;
            return this;
        }

        /** Record file and directory permission bits in UnixFS ({@code mode}); off by default. */
        public Builder preserveMode(boolean on) {
            this.preserveMode = on;
            return this;
        }

        public Builder listener(ImportListener l) {
            this.listener = l;
            return this;
        }

        /**
         * Threads writing blocks to the store in the background (default 4; 0 writes on the
         * importing thread). At most {@code 2 * threads} blocks are in flight.
         */
        public Builder writerThreads(int n) {
            this.writerThreads = n;
            return this;
        }

        /**
         * Threads hashing chunks in parallel (default: processors, at most 4; 1 hashes on the
         * importing thread). At most {@code 2 * threads} chunks are read ahead.
         */
        public Builder hashThreads(int n) {
            this.hashThreads = n;
            return this;
        }

        public UnixfsImporter build() {
            return new UnixfsImporter(this);
        }
    }

    /** Reusable chunk arrays (thread-safe: writer threads give them back). */
    private static final class BufferPool {
        private final int size;
        private final java.util.concurrent.ConcurrentLinkedQueue<byte[]> free =
                new java.util.concurrent.ConcurrentLinkedQueue<>();

        BufferPool(int size) {
            this.size = size;
        }

        byte[] take() {
            byte[] b = free.poll();
            return b != null ? b : new byte[size];
        }

        void release(byte[] b) {
            if (b.length == size) {
                free.add(b);
            }
        }
    }

    /** A chunk and its (possibly still running) SHA-256. */
    private static final class Hashing {
        private static final ThreadLocal<MessageDigest> SHA = ThreadLocal.withInitial(Multihash::newSha256);
        final byte[] block;
        private final Future<Cid> future;
        private final Cid done;

        private Hashing(byte[] block, Future<Cid> future, Cid done) {
            this.block = block;
            this.future = future;
            this.done = done;
        }

        static Cid hash(byte[] block) {
            MessageDigest md = SHA.get();
            md.update(block);
            return Cid.v1(Cid.RAW, Multihash.ofSha256Digest(md.digest()));
        }

        static Hashing done(byte[] block) {
            return new Hashing(block, null, hash(block));
        }

        static Hashing submit(ExecutorService pool, byte[] block) {
            return new Hashing(block, pool.submit(() -> hash(block)), null);
        }

        Cid cid() throws InterruptedIOException {
            if (done != null) {
                return done;
            }
            try {
                return future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while hashing");
            } catch (ExecutionException e) {
                throw new IllegalStateException("SHA-256 failed", e.getCause());
            }
        }
    }

    /** One imported node as its parent needs it. */
    private record Node(Cid cid, long fileSize, long tsize, boolean single) {
    }

    /**
     * Imports the bytes of {@code in} as one file (the stream is read to its end, not closed).
     *
     * @throws ContentException if storing a block fails
     * @throws IOException if reading fails
     */
    public ImportResult importStream(InputStream in) throws IOException, ContentException {
        try (Session s = new Session()) {
            Node n = s.importFile(in, null);
            s.finish();
            return new ImportResult(n.cid, n.fileSize, n.tsize, s.blocks);
        }
    }

    /**
     * Imports a file, symlink or directory tree. The root is not followed if it is a symlink.
     *
     * @throws HamtShardingRequiredException if a directory would need HAMT sharding
     * @throws ContentException if storing a block fails
     * @throws IOException if reading fails (the message names the file)
     */
    public ImportResult importPath(Path path) throws IOException, ContentException {
        try (Session s = new Session()) {
            Entry e = s.importEntry(path, path.getFileName() == null ? path.toString()
                    : path.getFileName().toString());
            s.finish();
            return new ImportResult(e.node.cid, s.content, e.node.tsize, s.blocks);
        }
    }

    /** A directory child: its node and what the HAMT estimate counts for it. */
    private record Entry(Node node, boolean countsInEstimate) {
    }

    /** One import: counters and the background writer. */
    private final class Session implements AutoCloseable {
        long blocks;
        long content;
        /** Chunk arrays shared by every file of this import (a directory of small files reuses one). */
        final BufferPool buffers = new BufferPool(profile.chunkSize());
        final BlockWriter writer = store != null && writerThreads > 0
                ? new BlockWriter(store, writerThreads, 2 * writerThreads) : null;
        final ExecutorService hasher = hashThreads > 1 ? Executors.newFixedThreadPool(hashThreads, r -> {
            Thread t = new Thread(r, "dpm-chunk-hasher");
            t.setDaemon(true);
            return t;
        }) : null;

        void finish() throws ContentException {
            if (writer != null) {
                writer.finish();
            }
            if (store != null) {
                store.sync(); // the import is durable before its CID is handed out
            }
        }

        @Override
        public void close() {
            if (writer != null) {
                writer.close();
            }
            if (hasher != null) {
                hasher.shutdownNow();
            }
        }

        private Entry importEntry(Path p, String rel) throws IOException, ContentException {
            BasicFileAttributes attrs = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            Entry e;
            if (attrs.isSymbolicLink()) {
                String target = Files.readSymbolicLink(p).toString();
                byte[] t = target.getBytes(StandardCharsets.UTF_8);
                Integer mode = preserveMode ? modeOf(p) : null;
                // ipfs-unixfs 13 writes filesize only for File and Raw nodes, not for symlinks.
                UnixfsData d = new UnixfsData(UnixfsData.Type.SYMLINK, t.length == 0 ? null : t, null,
                        List.of(), null, null, fileModeField(mode), null);
                byte[] block = DagPb.encode(new PbNode(List.of(), d.encode()));
                Cid cid = put(Cid.dagPb(block), block);
                e = new Entry(new Node(cid, 0, block.length, false), true);
            } else if (attrs.isRegularFile()) {
                try (InputStream in = Files.newInputStream(p)) {
                    Node n = importFile(in, preserveMode ? modeOf(p) : null);
                    content += n.fileSize;
                    e = new Entry(n, true);
                }
            } else if (attrs.isDirectory()) {
                e = importDirectory(p, rel);
            } else {
                throw new IOException(p + ": unsupported file type (not a file, directory or symlink)");
            }
            listener.entryImported(rel, e.node.cid);
            return e;
        }

        private Entry importDirectory(Path dir, String rel)
                throws IOException, ContentException {
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path c : ds) {
                    children.add(c);
                }
            }
            Integer mode = preserveMode ? modeOf(dir) : null;
            Integer modeField = mode != null && mode != DEFAULT_DIR_MODE ? mode : null;
            byte[] data = UnixfsData.directory(modeField, null).encode();
            // The reference importer decides on sharding from the links it knows while building the
            // tree: files, symlinks and empty directories, never non-empty subdirectories (not yet
            // flushed). Reproduce that estimate exactly so dpm refuses exactly where it would shard.
            long estimate = profile.shardEstimate() == ImportProfile.ShardEstimate.BLOCK_BYTES
                    ? 1 + Varint.size(data.length) + data.length : 0;
            List<PbLink> links = new ArrayList<>(children.size());
            long tsizeSum = 0;
            for (Path c : children) {
                String name = c.getFileName().toString();
                Entry e = importEntry(c, rel + "/" + name);
                PbLink link = new PbLink(e.node.cid, name, e.node.tsize);
                links.add(link);
                tsizeSum += e.node.tsize;
                if (e.countsInEstimate) {
                    int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
                    estimate += profile.shardEstimate() == ImportProfile.ShardEstimate.BLOCK_BYTES
                            ? DagPb.encodedLinkSize(link) : nameLen + e.node.cid.encodedLength();
                }
                if (estimate > ImportProfile.SHARD_THRESHOLD) {
                    throw new HamtShardingRequiredException(dir.toString(), estimate);
                }
            }
            byte[] block = DagPb.encode(new PbNode(DagPb.sorted(links), data));
            if (block.length > Blockstore.MAX_BLOCK_SIZE) {
                throw new HamtShardingRequiredException(dir.toString(), block.length);
            }
            Cid cid = put(Cid.dagPb(block), block);
            return new Entry(new Node(cid, 0, block.length + tsizeSum, false), children.isEmpty());
        }



        private Cid put(Cid cid, byte[] block) throws ContentException {
            return put(cid, block, null);
        }

        /** Stores a block; a pooled chunk array goes back to the pool once the store is done with it. */
        private Cid put(Cid cid, byte[] block, BufferPool pool) throws ContentException {
            blocks++;
            if (writer != null) {
                writer.submit(cid, block, pool == null ? () -> { } : () -> pool.release(block));
                return cid;
            }
            if (store != null) {
                store.putComputed(cid, block);
            }
            if (pool != null) {
                pool.release(block);
            }
            return cid;
        }

        private Node importFile(InputStream in, Integer mode) throws IOException, ContentException {
            int chunkSize = profile.chunkSize();
            int width = profile.maxLinks();
            List<List<Node>> levels = new ArrayList<>();
            levels.add(new ArrayList<>());
            long count = 0;
            long read = 0;
            byte[] firstChunk = null;
            // Chunks are hashed in parallel but consumed in order; at most maxPending are held.
            ArrayDeque<Hashing> pending = new ArrayDeque<>();
            int maxPending = hasher == null ? 1 : 2 * hashThreads;
            boolean eof = false;
            while (!eof || !pending.isEmpty()) {
                if (!eof && pending.size() < maxPending) {
                    // Pooled arrays: a hashing or writing thread may still hold the previous ones,
                    // and reusing them spares the GC a stream of 1 MiB (humongous) allocations.
                    byte[] buf = buffers.take();
                    int n = in.readNBytes(buf, 0, chunkSize);
                    if (n == 0 && read > 0) {
                        eof = true;
                        continue;
                    }
                    read++;
                    listener.bytesRead(n);
                    eof = n < chunkSize;
                    byte[] block = n == chunkSize ? buf : Arrays.copyOf(buf, n);
                    if (block != buf) {
                        buffers.release(buf);
                    }
                    pending.add(hasher == null ? Hashing.done(block) : Hashing.submit(hasher, block));
                    continue;
                }
                Hashing h = pending.removeFirst();
                Cid cid = h.cid();
                byte[] block = h.block;
                int n = block.length;
                if (count == 0 && mode != null) {
                    firstChunk = block.clone();
                }
                put(cid, block, block.length == chunkSize ? buffers : null);
                levels.get(0).add(new Node(cid, n, n, count == 0));
                count++;
                for (int i = 0; levels.get(i).size() == width; i++) {
                    Node parent = reduce(levels.get(i), mode);
                    levels.get(i).clear();
                    if (levels.size() == i + 1) {
                        levels.add(new ArrayList<>());
                    }
                    levels.get(i + 1).add(parent);
                }
            }
            // Flush partial groups upward, as the reference's level-by-level batching does.
            int top = levels.size() - 1;
            while (levels.get(top).isEmpty()) {
                top--;
            }
            for (int i = 0; ; i++) {
                List<Node> level = levels.get(i);
                if (i >= top && level.size() == 1) {
                    Node only = level.get(0);
                    if (only.single) {
                        return reduceSingle(only, firstChunk, mode);
                    }
                    return only;
                }
                if (level.isEmpty()) {
                    continue;
                }
                Node parent = reduce(level, mode);
                level.clear();
                if (levels.size() == i + 1) {
                    levels.add(new ArrayList<>());
                }
                levels.get(i + 1).add(parent);
                if (i + 1 > top) {
                    top = i + 1;
                }
            }
        }

        /**
         * A one-chunk file is its raw leaf, unless metadata (mode) needs a UnixFS node to live in:
         * then, as the reference does, the chunk becomes the Data of a dag-pb File node.
         */
        private Node reduceSingle(Node leaf, byte[] data, Integer mode) throws ContentException {
            if (mode == null) {
                return leaf;
            }
            UnixfsData d = new UnixfsData(UnixfsData.Type.FILE, data.length == 0 ? null : data, (long) data.length,
                    List.of(), null, null, fileModeField(mode), null);
            byte[] block = DagPb.encode(new PbNode(List.of(), d.encode()));
            Cid cid = put(Cid.dagPb(block), block);
            return new Node(cid, data.length, block.length, false);
        }

        private Node reduce(List<Node> children, Integer mode) throws ContentException {
            List<PbLink> links = new ArrayList<>(children.size());
            List<Long> sizes = new ArrayList<>(children.size());
            long tsizeSum = 0;
            long fileSize = 0;
            for (Node c : children) {
                if (c.fileSize == 0) {
                    continue;
                }
                links.add(new PbLink(c.cid, "", c.tsize));
                sizes.add(c.fileSize);
                tsizeSum += c.tsize;
                fileSize += c.fileSize;
            }
            UnixfsData d = new UnixfsData(UnixfsData.Type.FILE, null, fileSize, sizes, null, null,
                    fileModeField(mode), null);
            byte[] block = DagPb.encode(new PbNode(links, d.encode()));
            Cid cid = put(Cid.dagPb(block), block);
            return new Node(cid, fileSize, block.length + tsizeSum, false);
        }
    }

    private static Integer modeOf(Path p) throws IOException {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
            int m = 0;
            for (PosixFilePermission perm : perms) {
                m |= switch (perm) {
                    case OWNER_READ -> 0400;
                    case OWNER_WRITE -> 0200;
                    case OWNER_EXECUTE -> 0100;
                    case GROUP_READ -> 040;
                    case GROUP_WRITE -> 020;
                    case GROUP_EXECUTE -> 010;
                    case OTHERS_READ -> 04;
                    case OTHERS_WRITE -> 02;
                    case OTHERS_EXECUTE -> 01;
                };
            }
            return m;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static Integer fileModeField(Integer mode) {
        return mode != null && (mode & 0xFFF) != DEFAULT_FILE_MODE ? mode & 0xFFF : null;
    }
}
