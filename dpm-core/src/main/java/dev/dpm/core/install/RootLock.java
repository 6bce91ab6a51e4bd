package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The exclusive lock of one install root: an OS file lock ({@code fcntl}) on
 * {@code ROOT/var/lib/dpm/lock}, which also holds the holder's pid. The OS drops the lock when the
 * process dies, even by {@code kill -9}, so a stale lock file never blocks anyone; the file itself
 * is never deleted (deleting it would let two processes lock two different files).
 *
 * <p>Within one JVM a second {@link #acquire} on the same root fails like one from another process,
 * without opening the lock file: an fcntl lock belongs to the process, and closing any descriptor of
 * the file drops it, so a second channel opened and closed by a refused acquire would release the
 * holder's lock to other processes.
 */
public final class RootLock implements AutoCloseable {
    /** Lock files (real parent directory + name) held by this JVM. */
    private static final java.util.Set<Path> HELD = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Path key;
    private final FileChannel channel;
    private final FileLock lock;
    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

    private RootLock(Path file, Path key, FileChannel channel, FileLock lock) {
        this.file = file;
        this.key = key;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of {@code layout}'s root without waiting.
     *
     * @throws LockHeldException when someone holds it, naming the lock file and the holder's pid
     * @throws DpmException when the lock file cannot be created or written
     */
    public static RootLock acquire(RootLayout layout) throws DpmException {
        Path file = layout.lockFile();
        Path key;
        try {
            Files.createDirectories(file.getParent());
            key = file.getParent().toRealPath().resolve(file.getFileName());
        } catch (IOException e) {
            throw new DpmException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        if (!HELD.add(key)) {
            throw new LockHeldException(file, ProcessHandle.current().pid());
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            HELD.remove(key);
            throw new DpmException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        boolean locked = false;
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new LockHeldException(file, readPid(channel));
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
            locked = true;
            return new RootLock(file, key, channel, lock);
        } catch (IOException e) {
            throw new DpmException("cannot lock " + file + ": " + e.getMessage(), e);
        } finally {
            if (!locked) {
                closeQuietly(channel);
                HELD.remove(key);
            }
        }
    }

    private static long readPid(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            int n = channel.read(buf, 0);
            if (n <= 0) {
                return -1;
            }
            return Long.parseLong(new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim());
        } catch (IOException | NumberFormatException e) {
            // The holder may be between truncate and write; the pid is informative only.
            return -1;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // Closing drops the lock anyway; nothing else to undo.
        }
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Whether this object still holds the lock. */
    public boolean isHeld() {
        return lock.isValid();
    }

    /** Releases the lock (the pid stays in the file until the next holder overwrites it). */
    @Override
    public void close() {
        if (released.getAndSet(true)) {
            return; // a second close must not release another acquire's claim on the file
        }
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        HELD.remove(key);
    }
}
