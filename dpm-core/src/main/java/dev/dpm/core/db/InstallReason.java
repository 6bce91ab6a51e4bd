package dev.dpm.core.db;

/** Why a package is installed: asked for by the user, or pulled in by another package. */
public enum InstallReason {
    EXPLICIT, DEPENDENCY;

    /** The stored form: {@code explicit}, {@code dependency}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #code()}. */
    public static InstallReason ofCode(String code) {
        return switch (code) {
            case "explicit" -> EXPLICIT;
            case "dependency" -> DEPENDENCY;
            default -> throw new IllegalArgumentException("unknown install reason '" + code + "'");
        };
    }
}
