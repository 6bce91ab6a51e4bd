package dev.dpm.core.install;

import java.util.List;
import java.util.Objects;

/**
 * One path two parties want.
 *
 * @param path the path, relative to the root
 * @param installing the packages of the transaction that would write it (one or more)
 * @param owners installed packages that own it and stay installed
 * @param onDisk when the path (or one of its parents) is held by something on disk that no package
 *     owns, what it is (e.g. "unowned file", "parent usr/lib is a symlink"); null otherwise
 */
public record FileConflict(String path, List<String> installing, List<String> owners, String onDisk) {
    public FileConflict {
        Objects.requireNonNull(path, "path");
        installing = List.copyOf(installing);
        owners = List.copyOf(owners);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(path).append(": wanted by ").append(String.join(", ", installing));
        if (!owners.isEmpty()) {
            sb.append("; owned by ").append(String.join(", ", owners));
        }
        if (onDisk != null) {
            sb.append("; ").append(onDisk);
        }
        return sb.toString();
    }
}
