package dev.dpm.content;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
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
import java.util.Optional;
import java.util.UUID;

/**
 * A {@link Blockstore} in a directory, laid out like Kubo's flatfs with the
 * {@code next-to-last/2} sharding: a block is the file {@code <SHARD>/<KEY>.data}, where
 * {@code KEY} is the block's multihash in upper-case base32 without padding and {@code SHARD} the
 * two characters before its last one. A {@code SHARDING} file records the scheme.
 *
 * <p>Writes are crash-safe: the block is written to a temporary file under {@code .tmp/},
 * fsynced, atomically renamed into place and the shard directory fsynced. After a crash at any
 * point a block file is either complete or absent; stale temporary files are removed on open.
 * Thread-safe (concurrent puts of one block race harmlessly: both write identical bytes).
 */
public final class FileBlockstore implements Blockstore {
    /** Contents of the {@code SHARDING} file, identical to Kubo's for this scheme. */
    public static final String SHARDING = "/repo/flatfs/shard/v1/next-to-last/2\n";
    private static final String SUFFIX = ".data";

    private final Path root;
    private final Path tmp;
    /** Shard directories whose renames are not yet fsynced (blocks from {@link #putComputed}). */
    private final java.util.Set<Path> dirtyDirs = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private FileBlockstore(Path root) {
        this.root = root;
        this.tmp = root.resolve(".tmp");
    }

    /**
     * Opens (creating if needed) the blockstore in {@code dir}.
     *
     * @throws BlockstoreException if the directory cannot be created or uses another sharding
     */
    public static FileBlockstore open(Path dir) throws BlockstoreException {
        FileBlockstore store = new FileBlockstore(dir);
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
        return store;
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

    @Override
    public void put(Cid cid, byte[] block) throws ContentException {
        Blocks.check(cid, block);
        store(cid, block);
    }

    /** Like {@link #put} without re-hashing; the shard directory's fsync waits for {@link #sync}. */
    @Override
    public void putComputed(Cid cid, byte[] block) throws ContentException {
        Blocks.checkSize(cid, block);
        if (cid.isIdentity()) {
            Blocks.check(cid, block);
        }
        store(cid, block, false);
    }

    @Override
    public void sync() throws BlockstoreException {
        for (Path dir : dirtyDirs) {
            dirtyDirs.remove(dir);
            try {
                fsyncDirectory(dir);
            } catch (IOException e) {
                dirtyDirs.add(dir);
                throw new BlockstoreException(dir, "cannot sync", e);
            }
        }
    }

    private void store(Cid cid, byte[] block) throws BlockstoreException {
        store(cid, block, true);
    }

    private void store(Cid cid, byte[] block, boolean syncDir) throws BlockstoreException {
        if (cid.isIdentity()) {
            return;
        }
        Path target = pathOf(cid);
        if (Files.isRegularFile(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            writeAtomically(target, block, syncDir);
        } catch (IOException e) {
            throw new BlockstoreException(target, "cannot write block", e);
        }
    }

    private void writeAtomically(Path target, byte[] data) throws IOException {
        writeAtomically(target, data, true);
    }

    private void writeAtomically(Path target, byte[] data, boolean syncDir) throws IOException {
        Path t = tmp.resolve(UUID.randomUUID() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(t, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(t, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
                // A concurrent writer put the same verified block first: identical content, keep it.
                Files.deleteIfExists(t);
                return;
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
