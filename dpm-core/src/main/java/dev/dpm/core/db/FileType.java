package dev.dpm.core.db;

/** What a path owned by a package is. The lower-case name is the on-disk (database, journal) form. */
public enum FileType {
    FILE, DIR, SYMLINK;

    /** The stored form: {@code file}, {@code dir}, {@code symlink}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #code()}; throws {@link IllegalArgumentException} for anything else. */
    public static FileType ofCode(String code) {
        return switch (code) {
            case "file" -> FILE;
            case "dir" -> DIR;
            case "symlink" -> SYMLINK;
            default -> throw new IllegalArgumentException("unknown file type '" + code + "'");
        };
    }
}
