package dev.dpm.core.publish;

import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * Lists a payload tree ({@code files/} of a package source) as manifest file entries: every directory
 * below the root, regular file (size, SHA-256, permission bits) and symlink (target, not followed).
 * Anything else (devices, FIFOs, sockets) is refused: a package cannot install it.
 */
final class PayloadScanner {
    private PayloadScanner() {
    }

    /** The entries under {@code root} (the root itself excluded), paths relative to it with '/'. */
    static List<FileEntry> scan(Path root) throws IOException {
        List<FileEntry> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!dir.equals(root)) {
                    out.add(FileEntry.dir(rel(root, dir), mode(dir)));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                String rel = rel(root, file);
                if (attrs.isSymbolicLink()) {
                    out.add(FileEntry.symlink(rel, Files.readSymbolicLink(file).toString()));
                } else if (attrs.isRegularFile()) {
                    out.add(FileEntry.file(rel, mode(file), attrs.size(), sha256(file)));
                } else {
                    throw new IOException(file + ": not a regular file, directory or symlink; a package cannot hold it");
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    private static String rel(Path root, Path p) {
        return root.relativize(p).toString().replace(java.io.File.separatorChar, '/');
    }

    private static int mode(Path p) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> perms = a.permissions();
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
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        byte[] buf = new byte[65536];
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
