package dev.dpm.core.db;

import java.nio.file.Path;

/**
 * The database carries a schema version this dpm cannot use: newer than it knows (written by a
 * later dpm), or missing/invalid. The database is left untouched.
 */
public final class SchemaVersionException extends DatabaseException {
    private final int found;
    private final int supported;

    public SchemaVersionException(Path database, int found, int supported) {
        super(database, found < 0
                ? "no valid schema_version (not a dpm database?)"
                : "schema version " + found + " is newer than this dpm supports (" + supported + ")");
        this.found = found;
        this.supported = supported;
    }

    /** The version found in the file, or -1 when there is none. */
    public int found() {
        return found;
    }

    /** The highest version this dpm reads and writes. */
    public int supported() {
        return supported;
    }
}
