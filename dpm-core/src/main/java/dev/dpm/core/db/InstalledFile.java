package dev.dpm.core.db;

import java.util.Objects;

/**
 * One path owned by an installed package. Directories may be owned by several packages; files
 * and symlinks by exactly one.
 *
 * @param path relative to the install root, '/'-separated, no leading '/', no '.' or '..'
 * @param owner name of the owning package
 * @param type file, dir or symlink
 * @param mode permission bits (e.g. 0755); 0 for symlinks
 * @param size bytes for a file, 0 otherwise
 * @param sha256 lower-case hex SHA-256 of a file's content; null for dirs and symlinks
 * @param target a symlink's target as written in the manifest; null otherwise
 */
public record InstalledFile(String path, String owner, FileType type, int mode, long size, String sha256,
        String target) {
    public InstalledFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(type, "type");
    }
}
