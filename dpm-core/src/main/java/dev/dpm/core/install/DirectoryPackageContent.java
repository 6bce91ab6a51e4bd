package dev.dpm.core.install;

import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Content read from a directory holding the payload tree (e.g. a package source's {@code files/},
 * or a payload exported from the blockstore). Regular files only; symlinks in the directory are not
 * followed.
 */
public final class DirectoryPackageContent implements PackageContent {
    private final Path dir;

    public DirectoryPackageContent(Path dir) {
        this.dir = dir.toAbsolutePath().normalize();
    }

    @Override
    public void copyTo(FileEntry entry, OutputStream out) throws IOException {
        Path p = dir.resolve(entry.path()).normalize();
        if (!p.startsWith(dir) || !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchFileException(p.toString(), null, "not a regular file in the payload directory");
        }
        try (InputStream in = Files.newInputStream(p)) {
            in.transferTo(out);
        }
    }
}
