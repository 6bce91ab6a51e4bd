package dev.dpm.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link Blockstore} in a directory, laid out like Kubo's flatfs with the
 * {@code next-to-last/2} sharding: a block is the file {@code <SHARD>/<KEY>.data}, where
 * {@code KEY} is the block's multihash in upper-case base32 without padding and {@code SHARD} the
 * two characters before its last one. A {@code SHARDING} file records the scheme.
 *
 * <p>Writes are atomic: a block is written to a temporary file under {@code .tmp/} and renamed into
 * place, so after a crash of the process ({@code kill -9}: the page cache survives) a block file
 * is complete or absent; stale temporary files are removed on open. Durability depends on the
 * {@link Durability} the store was opened with:
 * <ul>
 *   <li>{@link Durability#AT_SYNC} (default): the data of each block is fsynced by a background
 *       thread soon after its rename, and {@link #sync()} waits for those fsyncs and fsyncs the
 *       shard directories. Before the first such write, a marker file {@code UNSYNCED-<uuid>} of
 *       this instance is made durable and locked; {@code sync()} removes it once nothing is
 *       pending. A power loss before {@code sync()} may leave a renamed block whose bytes never
 *       reached the disk (empty or torn): when {@link #open} finds a marker nobody holds the lock
 *       of (its writer is gone), it re-hashes every block file written since the marker appeared
 *       and deletes those that do not match their CID (counted in
 *       {@link #recoveredCorruptBlocks()}), so they are absent and fetched again, never served.</li>
 *   <li>{@link Durability#PER_BLOCK}: {@link #put} fsyncs the block and its shard directory before
 *       it returns (two fsyncs per block, bounded by the disk's fsync latency).</li>
 * </ul>
 * Thread-safe (concurrent puts of one block race harmlessly: both write identical bytes).
 */
public final class FileBlockstore implements Blockstore {
    /** Contents of the {@code SHARDING} file, identical to Kubo's for this scheme. */
    public static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2\n";
    private static final String SUFFIX = ".data";

    /**
     * Name prefix of the marker files present while blocks may be renamed in place but not yet
     * durable: one per open store instance with deferred writes, {@code UNSYNCED-<uuid>}, locked by
     * its writer while it lives.
     */
    public static final String UNSYNCED_MARKER = "UNSYNCED";
    /**
     * Block files modified this long before the marker are re-hashed too on recovery: file-system
     * timestamps are coarse and the marker is created just before the first deferred write.
     */
    private static final long RECOVERY_MARGIN_MILLIS = 5 * 60 * 1000L;

    /** When a stored block becomes durable. */
    public enum Durability {
        /** Atomic at once, durable after {@link FileBlockstore#sync()}; recovery on open after a power loss. */
        AT_SYNC,
        /** Every {@link FileBlockstore#put} fsyncs the block and its directory before returning. */
        PER_BLOCK
    }

    private final Path root;
    private final Path tmp;
    private Path marker; // this instance's current marker, a new name each time; guarded by markerLock
    private final Durability durability;
    /** Shard directories whose renames are not yet fsynced. */
    private final Set<Path> dirtyDirs = ConcurrentHashMap.newKeySet();
    /** Block fsyncs queued or running in the background (AT_SYNC). */
    private final Set<CompletableFuture<Void>> pendingFsyncs = ConcurrentHashMap.newKeySet();
    /** The first background fsync failure, reported by the next {@link #sync()}. */
    private final AtomicReference<BlockstoreException> fsyncFailure = new AtomicReference<>();
    private final Object markerLock = new Object();
    private final Object syncLock = new Object(); // taken before markerLock, never inside it
    private boolean markerPresent; // guarded by markerLock
    private FileChannel markerChannel; // holds the marker's lock while it exists; guarded by markerLock
    private int deferredWrites; // writes under way that the marker covers; guarded by markerLock
    /** Runs the background fsyncs; created on first use (package-private: tests install one that fails). */
    volatile ThreadPoolExecutor fsyncer;
    /** For tests: runs before each shard directory fsync of {@link #sync()}. */
    volatile Runnable beforeDirectorySync;
    private long recoveredCorrupt;

    private FileBlockstore(Path root, Durability durability) {
        this.root = root;
        this.tmp = root.resolve(".tmp");
        this.durability = durability;
    }

    /**
     * Opens (creating if needed) the blockstore in {@code dir}.
     *
     * @throws BlockstoreException if the directory cannot be created or uses another sharding
     */
    public static FileBlockstore open(Path dir) throws BlockstoreException {
        return open(dir, Durability.AT_SYNC);
    }

    /**
     * Opens (creating if needed) the blockstore in {@code dir} with the given durability. If a
     * previous writer stopped before {@link #sync()} (a marker {@code UNSYNCED-*} whose lock nobody
     * holds: a writer still running, in this process or another, keeps its marker locked), every block
     * file written since is re-hashed and deleted when it does not match its CID.
     *
     * @throws BlockstoreException if the directory cannot be created or uses another sharding
     */
    public static FileBlockstore open(Path dir, Durability durability) throws BlockstoreException {
        FileBlockstore store = new FileBlockstore(dir, Objects.requireNonNull(durability));
        Path sharding = dir.resolve("SHARDING");
        try {
            Files.createDirectories(store.tmp);
            if (Files.exists(sharding)) {
                String existing = Files.readString(sharding, StandardCharsets.UTF_8);
                if (!existing.trim().equals(SHARDING.trim())) {
                    throw new BlockstoreException(sharding, "unsupported sharding '" + existing.trim() + "' in",
                            new IOException("expected " + SHARDING.trim()));
                }
            } else {
                store.writeAtomically(sharding, SHARDING.getBytes(StandardCharsets.UTF_8));
            }
            try (DirectoryStream<Path> stale = Files.newDirectoryStream(store.tmp)) {
                for (Path p : stale) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new BlockstoreException(dir, "cannot open blockstore", e);
        }
        store.recoverAbandonedMarkers();
        return store;
    }

    /** Which durability this store was opened with. */
    public Durability durability() {
        return durability;
    }

    /**
     * How many block files {@link #open} deleted because their bytes did not match their CID (a
     * power loss before the writer's {@link #sync()}): they are absent now and will be fetched again.
     */
    public long recoveredCorruptBlocks() {
        return recoveredCorrupt;
    }

    /** Finds the markers of writers that are gone and recovers the blocks they may have left torn. */
    private void recoverAbandonedMarkers() throws BlockstoreException {
        List<FileChannel> held = new ArrayList<>();
        List<Path> abandoned = new ArrayList<>();
        long oldest = Long.MAX_VALUE;
        try {
            try (DirectoryStream<Path> markers = Files.newDirectoryStream(root, UNSYNCED_MARKER + "*")) {
                for (Path m : markers) {
                    FileChannel ch;
                    try {
                        ch = FileChannel.open(m, StandardOpenOption.WRITE);
                    } catch (NoSuchFileException e) {
                        continue; // its writer synced meanwhile
                    }
                    boolean mine = false;
                    try {
                        mine = ch.tryLock() != null;
                    } catch (OverlappingFileLockException e) {
                        // another store instance of this JVM holds it: alive
                    }
                    if (!mine) {
                        ch.close();
                        continue;
                    }
                    held.add(ch);
                    abandoned.add(m);
                    oldest = Math.min(oldest, Files.getLastModifiedTime(m).toMillis());
                }
            }
            if (!abandoned.isEmpty()) {
                recover(oldest - RECOVERY_MARGIN_MILLIS);
                for (Path m : abandoned) {
                    Files.deleteIfExists(m);
                }
            }
        } catch (IOException e) {
            throw new BlockstoreException(root, "cannot recover after an unclean stop", e);
        } finally {
            for (FileChannel ch : held) {
                try {
                    ch.close(); // releases the lock
                } catch (IOException e) {
                    // the marker is gone or will be looked at again on the next open
                }
            }
        }
    }

    /** Re-hashes the blocks written since {@code since}; deletes torn ones; then syncs the rest. */
    private void recover(long since) throws BlockstoreException {
        long[] bad = new long[1];
        List<Path> kept = new ArrayList<>();
        forEachBlockFile((cid, file) -> {
            try {
                if (Files.getLastModifiedTime(file).toMillis() < since) {
                    return;
                }
                if (cid.matches(Files.readAllBytes(file))) {
                    kept.add(file);
                } else {
                    Files.deleteIfExists(file);
                    dirtyDirs.add(file.getParent());
                    bad[0]++;
                }
            } catch (NoSuchFileException e) {
                // deleted meanwhile: absent either way
            } catch (IOException e) {
                throw new BlockstoreException(file, "cannot check block after an unclean stop", e);
            }
        });
        try {
            for (Path f : kept) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
                dirtyDirs.add(f.getParent());
            }
        } catch (IOException e) {
            throw new BlockstoreException(root, "cannot sync blocks after an unclean stop", e);
        }
        recoveredCorrupt = bad[0];
        sync();
    }

    /** The directory this store lives in. */
    public Path root() {
        return root;
    }

    /** The file a block is (or would be) stored in. */
    public Path pathOf(Cid cid) {
        String key = key(cid.multihash());
        return root.resolve(shard(key)).resolve(key + SUFFIX);
    }

    static String key(Multihash mh) {
        return Multibase.base32(mh.toBytes()).toUpperCase(Locale.ROOT);
    }

    static String shard(String key) {
        String padded = key.length() < 3 ? "_".repeat(3 - key.length()) + key : key;
        return padded.substring(padded.length() - 3, padded.length() - 1);
    }

    @Override
    public boolean has(Cid cid) {
        return cid.isIdentity() || Files.isRegularFile(pathOf(cid));
    }

    @Override
    public Optional<byte[]> get(Cid cid) throws BlockstoreException {
        if (cid.isIdentity()) {
            return Optional.of(cid.identityBlock());
        }
        Path p = pathOf(cid);
        try {
            return Optional.of(Files.readAllBytes(p));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new BlockstoreException(p, "cannot read block", e);
        }
    }

    /**
     * Verifies and stores a block. Atomic on return; durable on return with
     * {@link Durability#PER_BLOCK}, after {@link #sync()} with {@link Durability#AT_SYNC}.
     */
    @Override
    public void put(Cid cid, byte[] block) throws ContentException {
        Blocks.check(cid, block);
        store(cid, block, durability == Durability.PER_BLOCK);
    }

    /** Like {@link #put} without re-hashing; the shard directory's fsync always waits for {@link #sync}. */
    @Override
    public void putComputed(Cid cid, byte[] block) throws ContentException {
        Blocks.checkSize(cid, block);
        if (cid.isIdentity()) {
            Blocks.check(cid, block);
        }
        store(cid, block, false);
    }

    /**
     * Stores a block the caller verified while receiving it: written from {@code block} without
     * re-hashing or a heap copy; durability as for {@link #put}.
     */
    @Override
    public void putVerified(Cid cid, ByteBuffer block) throws ContentException {
        if (block.remaining() > MAX_BLOCK_SIZE) {
            throw new BlockTooLargeException(cid, block.remaining());
        }
        if (cid.isIdentity()) {
            Blockstore.super.putVerified(cid, block);
            return;
        }
        store(cid, block.duplicate(), durability == Durability.PER_BLOCK);
    }

    /**
     * Waits for the blocks' fsyncs, fsyncs the shard directories, then removes the marker. One
     * sync at a time: a directory is taken off the dirty set before its fsync, so a second sync
     * running meanwhile would find nothing left to do and return before the renames it must cover
     * are durable (and remove the marker).
     */
    @Override
    public void sync() throws BlockstoreException {
        synchronized (syncLock) {
            syncLocked();
        }
    }

    private void syncLocked() throws BlockstoreException {
        for (CompletableFuture<Void> f : List.copyOf(pendingFsyncs)) {
            f.join(); // failures are recorded in fsyncFailure by the task itself
        }
        BlockstoreException failed = fsyncFailure.getAndSet(null);
        if (failed != null) {
            throw failed;
        }
        for (Path dir : dirtyDirs) {
            dirtyDirs.remove(dir);
            try {
                Runnable hook = beforeDirectorySync;
                if (hook != null) {
                    hook.run();
                }
                fsyncDirectory(dir);
            } catch (IOException e) {
                dirtyDirs.add(dir);
                throw new BlockstoreException(dir, "cannot sync", e);
            }
        }
        synchronized (markerLock) {
            if (markerPresent && deferredWrites == 0 && pendingFsyncs.isEmpty() && dirtyDirs.isEmpty()) {
                try {
                    Files.deleteIfExists(marker); // deleted while still locked: no opener can take it
                    markerChannel.close();
                } catch (IOException e) {
                    throw new BlockstoreException(marker, "cannot remove", e);
                }
                markerChannel = null;
                markerPresent = false;
            }
        }
    }

    private void store(Cid cid, byte[] block, boolean durableNow) throws BlockstoreException {
        store(cid, ByteBuffer.wrap(block), durableNow);
    }

    private void store(Cid cid, ByteBuffer block, boolean durableNow) throws BlockstoreException {
        if (cid.isIdentity()) {
            return;
        }
        Path target = pathOf(cid);
        if (Files.isRegularFile(target)) {
            return;
        }
        boolean deferData = durability == Durability.AT_SYNC;
        if (deferData || !durableNow) {
            beginDeferred(); // the marker is durable before any rename that sync() has to complete
        }
        try {
            Files.createDirectories(target.getParent());
            writeAtomically(target, block, !deferData, durableNow);
        } catch (IOException e) {
            throw new BlockstoreException(target, "cannot write block", e);
        } finally {
            if (deferData || !durableNow) {
                synchronized (markerLock) {
                    deferredWrites--;
                }
            }
        }
    }

    /**
     * For tests: releases this instance's marker lock and forgets the marker without removing it,
     * which is what the kernel does when the writing process dies.
     */
    void abandonMarkerAsIfKilled() throws IOException {
        synchronized (markerLock) {
            if (markerChannel != null) {
                markerChannel.close();
                markerChannel = null;
            }
            markerPresent = false;
        }
    }

    private void beginDeferred() throws BlockstoreException {
        synchronized (markerLock) {
            if (!markerPresent) {
                // A fresh name per marker: an opener that found an earlier one of ours (already
                // removed) may delete that name, never the live one.
                marker = root.resolve(UNSYNCED_MARKER + "-" + UUID.randomUUID());
                FileChannel ch = null;
                try {
                    ch = FileChannel.open(marker, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    ch.lock(); // held while the marker exists: an opener never "recovers" a live writer
                    ch.force(true);
                    fsyncDirectory(root);
                    markerChannel = ch;
                } catch (IOException e) {
                    if (ch != null) {
                        try {
                            ch.close();
                        } catch (IOException suppressed) {
                            e.addSuppressed(suppressed);
                        }
                    }
                    throw new BlockstoreException(marker, "cannot create", e);
                }
                markerPresent = true;
            }
            deferredWrites++;
        }
    }

    private void writeAtomically(Path target, byte[] data) throws IOException {
        writeAtomically(target, ByteBuffer.wrap(data), true, true);
    }

    private void writeAtomically(Path target, ByteBuffer data, boolean syncData, boolean syncDir) throws IOException {
        Path t = tmp.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (data.hasRemaining()) {
                    ch.write(data);
                }
                if (syncData) {
                    ch.force(true);
                }
            }
            try {
                Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // A concurrent writer put the same verified block first: identical content, keep it.
                Files.deleteIfExists(t);
                return;
            }
            if (!syncData) {
                fsyncLater(target);
            }
            if (syncDir) {
                fsyncDirectory(target.getParent());
            } else {
                dirtyDirs.add(target.getParent());
            }
        } finally {
            Files.deleteIfExists(t);
        }
    }

    /**
     * Queues the block's fsync on a background thread: the disk writes the data while the caller
     * hashes the next block, and {@link #sync()} waits only for what is left.
     */
    private void fsyncLater(Path file) {
        ThreadPoolExecutor ex = fsyncer;
        if (ex == null) {
            synchronized (this) {
                ex = fsyncer;
                if (ex == null) {
                    ex = new ThreadPoolExecutor(FSYNC_THREADS, FSYNC_THREADS, 5, TimeUnit.SECONDS,
                            new LinkedBlockingQueue<>(), r -> {
                                Thread th = new Thread(r, "dpm-blockstore-fsync");
                                th.setDaemon(true); // a store has no close(); idle threads time out
                                return th;
                            });
                    ex.allowCoreThreadTimeOut(true);
                    fsyncer = ex;
                }
            }
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        pendingFsyncs.add(done);
        try {
            ex.execute(() -> fsyncNow(file, done));
        } catch (RuntimeException | Error e) {
            // The task never runs (the pool rejects it, or "unable to create native thread"): left
            // pending, every later sync() would wait for it forever. The block is in place but its
            // data is not known durable, so the next sync() fails naming it.
            fsyncFailure.compareAndSet(null, new BlockstoreException(file, "cannot sync block",
                    new IOException("its background fsync could not start: " + e, e)));
            pendingFsyncs.remove(done);
            done.complete(null);
        }
    }

    /** Fsyncs a block's data on a background thread; a failure is reported by the next {@link #sync()}. */
    private void fsyncNow(Path file, CompletableFuture<Void> done) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        } catch (NoSuchFileException e) {
            // deleted before it was synced (garbage collection): nothing to make durable
        } catch (IOException | RuntimeException e) {
            fsyncFailure.compareAndSet(null, new BlockstoreException(file, "cannot sync block",
                    e instanceof IOException io ? io : new IOException(e)));
        } finally {
            pendingFsyncs.remove(done);
            done.complete(null);
        }
    }

    /**
     * Background fsyncs at once: concurrent fsyncs share the file system's journal commits (16 beat
     * 4 and 1 in two noisy runs on the development VM; 8 keeps the thread count modest).
     */
    private static final int FSYNC_THREADS = 8;

    private static void fsyncDirectory(Path dir) throws IOException {
        // On Linux a directory opened read-only can be fsynced; this makes the rename durable.
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
                throw e;
            }
        }
    }

    @Override
    public long size(Cid cid) throws BlockstoreException {
        if (cid.isIdentity()) {
            return cid.identityBlock().length;
        }
        Path p = pathOf(cid);
        try {
            return Files.size(p);
        } catch (NoSuchFileException e) {
            return -1;
        } catch (IOException e) {
            throw new BlockstoreException(p, "cannot stat block", e);
        }
    }

    @Override
    public boolean delete(Cid cid) throws BlockstoreException {
        if (cid.isIdentity()) {
            return false;
        }
        Path p = pathOf(cid);
        try {
            return Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new BlockstoreException(p, "cannot delete block", e);
        }
    }

    @Override
    public List<Cid> allCids() throws BlockstoreException {
        List<Cid> out = new ArrayList<>();
        forEachBlockFile((cid, file) -> out.add(cid));
        return out;
    }

    @Override
    public BlockstoreStats stat() throws BlockstoreException {
        long[] acc = new long[2];
        forEachBlockFile((cid, file) -> {
            acc[0]++;
            try {
                acc[1] += Files.size(file);
            } catch (IOException e) {
                throw new BlockstoreException(file, "cannot stat block", e);
            }
        });
        return new BlockstoreStats(acc[0], acc[1]);
    }

    /** Visits every block file with its CID (v1, raw codec); files that are not blocks are skipped. */
    void forEachBlockFile(BlockFileVisitor visitor) throws BlockstoreException {
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path shard : shards) {
                if (shard.getFileName().toString().startsWith(".")) {
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(shard, "*" + SUFFIX)) {
                    for (Path f : files) {
                        String name = f.getFileName().toString();
                        String key = name.substring(0, name.length() - SUFFIX.length());
                        Multihash mh;
                        try {
                            mh = Multihash.fromBytes(Multibase.decodeBase32(key.toLowerCase(Locale.ROOT)));
                        } catch (IllegalArgumentException e) {
                            continue;
                        }
                        visitor.visit(Cid.v1(Cid.RAW, mh), f);
                    }
                }
            }
        } catch (IOException e) {
            throw new BlockstoreException(root, "cannot list blockstore", e);
        }
    }

    @FunctionalInterface
    interface BlockFileVisitor {
        void visit(Cid cid, Path file) throws BlockstoreException;
    }
}
