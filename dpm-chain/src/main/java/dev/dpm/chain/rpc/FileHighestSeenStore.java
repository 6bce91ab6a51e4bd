package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link HighestSeenStore} in one small text file, one line: format version 2,
 * {@code dpm-highest-seen 2 <chainId> <number> <hash> <checkpointNumber>:<checkpointHash>} for a block
 * linked from a checkpoint ({@link SeenBlock#linkedFrom()}), version 1,
 * {@code dpm-highest-seen 1 <chainId> <number> <hash>}, for a block recorded without one (so a dpm
 * that knows only version 1 still reads what a reader without a checkpoint wrote). A version 1 file
 * loads with {@code linkedFrom} null (unknown): the next pin with a checkpoint walks to it once.
 * Writes go to a temporary file that is fsynced and atomically renamed over the old one, so a crash
 * leaves either the old or the new value. The chain id is part of the file so that a store is never
 * applied to another chain. A record loads, compares and writes under one monitor per file (threads and
 * instances of this JVM) and under an OS lock on the sibling file {@code <file>.lock} (other processes,
 * e.g. an {@code update} and an {@code install} of one home at once), so that a lower block recorded by
 * one never overwrites a higher one just written by another. Reads take no lock: the rename is atomic.
 */
public final class FileHighestSeenStore implements HighestSeenStore {
    private static final Pattern LINE = Pattern.compile("dpm-highest-seen (?:1 (\\d+) (\\d+) (0x[0-9a-f]{64})"
            + "|2 (\\d+) (\\d+) (0x[0-9a-f]{64}) (\\d+):(0x[0-9a-f]{64}))\\s*");

    /** One monitor per file (absolute, normalised) for all instances in this JVM. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** One monitor per lock file, by its real path: every spelling of it in this JVM. */
    private static final java.util.concurrent.ConcurrentHashMap<Path, Object> LOCK_MONITORS =
            new java.util.concurrent.ConcurrentHashMap<>();

    private final Path file;
    private final long chainId;
    private final Object monitor;

    public FileHighestSeenStore(Path file, long chainId) {
        this.file = file;
        this.chainId = chainId;
        this.monitor = MONITORS.computeIfAbsent(file.toAbsolutePath().normalize(), k -> new Object());
    }

    /**
     * The conventional store of a dpm home: {@code <home>/chain/highest-seen-<chainId>} (one file per
     * chain, so switching networks never trips rollback protection).
     */
    public static FileHighestSeenStore under(Path dpmHome, long chainId) {
        return new FileHighestSeenStore(dpmHome.resolve("chain").resolve("highest-seen-" + chainId), chainId);
    }

    public Path file() {
        return file;
    }

    @Override
    public Optional<SeenBlock> load() throws ChainException {
        synchronized (monitor) {
            return loadLocked();
        }
    }

    private Optional<SeenBlock> loadLocked() throws ChainException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new ChainException(file + ": cannot read the highest block seen: " + e.getMessage(), e);
        }
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            throw new ChainException(file + ": not a dpm-highest-seen version 1 or 2 file; refusing to guess "
                    + "(delete it only if you trust the chain endpoints)");
        }
        boolean v1 = m.group(1) != null;
        long storedChain = Long.parseLong(m.group(v1 ? 1 : 4));
        if (storedChain != chainId) {
            throw new ChainException(file + ": records chain id " + storedChain + ", configured chain id is "
                    + chainId);
        }
        if (v1) {
            return Optional.of(new SeenBlock(Long.parseLong(m.group(2)), m.group(3)));
        }
        Checkpoint linkedFrom;
        try {
            linkedFrom = new Checkpoint(Long.parseLong(m.group(7)), m.group(8));
        } catch (IllegalArgumentException e) { // a number past long
            throw new ChainException(file + ": bad checkpoint " + m.group(7) + ":" + m.group(8) + ": "
                    + e.getMessage(), e);
        }
        return Optional.of(new SeenBlock(Long.parseLong(m.group(5)), m.group(6), linkedFrom));
    }

    @Override
    public void record(SeenBlock block) throws ChainException {
        synchronized (monitor) {
            recordLocked(block);
        }
    }

    /** The sibling file whose OS lock serialises records across processes. */
    public Path lockFile() {
        return file.resolveSibling(file.getFileName() + ".lock");
    }

    private void recordLocked(SeenBlock block) throws ChainException {
        // A record that changes nothing needs no lock (nor write access to the home): what is recorded
        // only ever moves forward, so a block that does not replace it now never will.
        if (!HighestSeenStore.replaces(loadLocked().orElse(null), block)) {
            return;
        }
        try {
            Path dir = Files.createDirectories(file.toAbsolutePath().getParent());
            // the JVM refuses a second lock of one file (OverlappingFileLockException): instances that reach
            // it through other spellings (a symlinked home) have other monitors, so they also meet here
            Object jvmWide = LOCK_MONITORS.computeIfAbsent(dir.toRealPath().resolve(lockFile().getFileName()),
                    k -> new Object());
            synchronized (jvmWide) {
                try (FileChannel lock = FileChannel.open(lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        java.nio.channels.FileLock held = lock.lock()) {
                    recordUnderLocks(block);
                }
            }
        } catch (IOException e) {
            throw new ChainException(lockFile() + ": cannot lock the highest block seen: " + e.getMessage(), e);
        }
    }

    private void recordUnderLocks(SeenBlock block) throws ChainException {
        Optional<SeenBlock> current = loadLocked();
        if (!HighestSeenStore.replaces(current.orElse(null), block)) {
            return;
        }
        Checkpoint cp = block.linkedFrom();
        String line = cp == null
                ? "dpm-highest-seen 1 " + chainId + " " + block.number() + " " + block.hash() + "\n"
                : "dpm-highest-seen 2 " + chainId + " " + block.number() + " " + block.hash() + " " + cp.number()
                        + ":" + cp.hash() + "\n";
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    ch.write(StandardCharsets.US_ASCII.encode(line));
                    ch.force(true);
                }
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    throw new IOException("file system cannot rename atomically", e);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
            // make the rename itself durable
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            } catch (IOException ignored) {
                // some file systems cannot open a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new ChainException(file + ": cannot record the highest block seen: " + e.getMessage(), e);
        }
    }
}
