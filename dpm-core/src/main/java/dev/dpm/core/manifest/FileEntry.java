package dev.dpm.core.manifest;

/**
 * One entry of a release's file tree, relative to the install root ({@code usr/bin/hello}, no leading
 * slash, no {@code .} or {@code ..} components). {@code sha256} (lower-case hex) and {@code size} are
 * set for regular files only; {@code target} for symlinks only. {@code mode} holds the permission bits
 * (at most {@code 07777}).
 */
public record FileEntry(String path, Type type, int mode, long size, String sha256, String target) {
    /** The kinds of entries a payload may hold. */
    public enum Type {
        FILE("file"), DIR("dir"), SYMLINK("symlink");

        private final String json;

        Type(String json) {
            this.json = json;
        }

        /** The name used in the canonical encoding. */
        public String jsonName() {
            return json;
        }

        /** The type for a canonical name, or null. */
        public static Type fromJsonName(String s) {
            for (Type t : values()) {
                if (t.json.equals(s)) {
                    return t;
                }
            }
            return null;
        }
    }

    public static FileEntry file(String path, int mode, long size, String sha256) {
        return new FileEntry(path, Type.FILE, mode, size, sha256, null);
    }

    public static FileEntry dir(String path, int mode) {
        return new FileEntry(path, Type.DIR, mode, 0, null, null);
    }

    public static FileEntry symlink(String path, String target) {
        return new FileEntry(path, Type.SYMLINK, 0777, 0, null, target);
    }

    /** Null when the entry is well formed, else why not (for the manifest's validation message). */
    String problem() {
        if (path == null || path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            return "bad path '" + path + "'";
        }
        for (String part : path.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                return "bad path '" + path + "'";
            }
        }
        if (path.indexOf('\0') >= 0) {
            return "bad path (NUL byte)";
        }
        if (type == null) {
            return "no type for '" + path + "'";
        }
        if (mode < 0 || mode > 07777) {
            return "bad mode " + Integer.toOctalString(mode) + " for '" + path + "'";
        }
        switch (type) {
            case FILE -> {
                if (size < 0) {
                    return "negative size for '" + path + "'";
                }
                if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
                    return "bad sha256 for '" + path + "'";
                }
                if (target != null) {
                    return "a regular file has no target: '" + path + "'";
                }
            }
            case DIR -> {
                if (size != 0 || sha256 != null || target != null) {
                    return "a directory has no size, sha256 or target: '" + path + "'";
                }
            }
            case SYMLINK -> {
                if (target == null || target.isEmpty() || target.indexOf('\0') >= 0) {
                    return "symlink without target: '" + path + "'";
                }
                if (size != 0 || sha256 != null) {
                    return "a symlink has no size or sha256: '" + path + "'";
                }
            }
            default -> throw new IllegalStateException();
        }
        return null;
    }
}
