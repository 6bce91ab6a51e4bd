package dev.dpm.core.db;

/** What a transaction did to one package. */
public enum HistoryAction {
    INSTALL, UPGRADE, REMOVE,
    /** The same release installed again over itself ({@code install --reinstall}). */
    REINSTALL;

    /** The stored form: {@code install}, {@code upgrade}, {@code remove}, {@code reinstall}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #code()}. */
    public static HistoryAction ofCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
