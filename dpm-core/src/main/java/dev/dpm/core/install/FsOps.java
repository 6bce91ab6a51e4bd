package dev.dpm.core.install;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The filesystem primitives of the installer: no-follow checks, atomic renames, fsync, modes. */
final class FsOps {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
    private static final int FSYNC_THREADS = 16;

    private FsOps() {
    }

    /** Whether anything (even a dangling symlink) is at {@code p}. */
    static boolean exists(Path p) {
        return Files.exists(p, NOFOLLOW);
    }

    static boolean isDirectory(Path p) {
        return Files.isDirectory(p, NOFOLLOW);
    }

    static boolean isRegularFile(Path p) {
        return Files.isRegularFile(p, NOFOLLOW);
    }

    /** Atomic rename within one filesystem; replaces nothing. */
    static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Deletes {@code dir} if it is an empty directory; returns whether it did. */
    static boolean deleteIfEmptyDir(Path dir) throws IOException {
        if (!isDirectory(dir)) {
            return false;
        }
        try {
            Files.delete(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        }
    }

    static void fsync(Path file) throws IOException {
        force(file);
    }

    /**
     * Opens {@code path} and forces it to disk with the thread's interrupt held back (and kept for the
     * caller): a FileChannel fails on an interrupted thread, and the fsyncs of a transaction that has
     * begun moving files, or of its roll-back, must happen or the root stays half-changed until the
     * next run. An interrupt arriving during the force closes the channel; the sync is then retried.
     */
    private static void force(Path path) throws IOException {
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1; ; attempt++) {
                try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
                    ch.force(true);
                    return;
                } catch (java.nio.channels.ClosedByInterruptException e) {
                    interrupted = true;
                    Thread.interrupted();
                    if (attempt == 10) {
                        throw new java.io.InterruptedIOException("interrupted 10 times while syncing " + path);
                    }
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * fsyncs every file, several at a time: concurrent fsyncs share the filesystem's journal commits,
     * which for many small files is several times faster than one after the other (dpkg defers its
     * fsyncs for the same reason).
     */
    static void fsyncAll(List<Path> files) throws IOException {
        if (files.size() < 8) {
            for (Path f : files) {
                fsync(f);
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(FSYNC_THREADS, r -> {
            Thread t = new Thread(r, "dpm-fsync");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> done = new ArrayList<>();
            for (Path f : files) {
                done.add(pool.submit(() -> {
                    fsync(f);
                    return null;
                }));
            }
            for (Future<?> d : done) {
                try {
                    d.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException("fsync failed", e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while syncing staged files");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Makes the entries of {@code dir} (creations, renames, deletions) durable. */
    static void fsyncDir(Path dir) throws IOException {
        try {
            force(dir);
        } catch (NoSuchFileException e) {
            // A directory removed meanwhile has nothing left to sync.
        }
    }

    /** The permission bits (low nine) as a set; setuid/setgid/sticky are not representable in NIO. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < 9; bit++) {
            if ((mode & (1 << bit)) != 0) {
                s.add(order[bit]);
            }
        }
        return s;
    }

    /** The low nine permission bits of {@code p} (not following a symlink). */
    static int mode(Path p) throws IOException {
        int mode = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, NOFOLLOW)) {
            mode |= switch (perm) {
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
        return mode;
    }

    static void setMode(Path p, int mode) throws IOException {
        Files.setPosixFilePermissions(p, permissions(mode));
    }

    /** Deletes {@code p} and everything below it, never following symlinks; no-op when absent. */
    static void deleteTree(Path p) throws IOException {
        if (!exists(p)) {
            return;
        }
        Files.walkFileTree(p, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                // A staged directory may be read-only (mode 0555); make it writable to empty it.
                setMode(dir, mode(dir) | 0700);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** The SHA-256 of a file's bytes, in hex. */
    static String sha256(Path p) throws IOException {
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        try (java.io.InputStream in = Files.newInputStream(p)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(sha.digest());
    }
}
