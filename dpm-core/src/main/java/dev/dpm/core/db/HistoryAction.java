package dev.dpm.core.db;

/** What a transaction did to one package. */
public enum HistoryAction {
    INSTALL, UPGRADE, REMOVE;

    /** The stored form: {@code install}, {@code upgrade}, {@code remove}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #code()}. */
    public static HistoryAction ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
