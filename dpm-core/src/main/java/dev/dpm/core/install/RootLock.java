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
 * <p>Within one JVM a second {@link #acquire} on the same root fails like one from another process.
 */
public final class RootLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RootLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
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
        FileChannel channel;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new DpmException("cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                long pid = readPid(channel);
                channel.close();
                throw new LockHeldException(file, pid);
            }
            byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(pid), 0);
            channel.force(true);
            return new RootLock(file, channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new DpmException("cannot lock " + file + ": " + e.getMessage(), e);
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
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
    }
}
