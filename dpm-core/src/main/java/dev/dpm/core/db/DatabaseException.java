package dev.dpm.core.db;

import dev.dpm.core.DpmException;
import java.nio.file.Path;

/** The local database at {@link #database()} could not be opened, read or written. */
public class DatabaseException extends DpmException {
    private final Path database;

    public DatabaseException(Path database, String message) {
        super("database " + database + ": " + message);
        this.database = database;
    }

    public DatabaseException(Path database, String message, Throwable cause) {
        super("database " + database + ": " + message, cause);
        this.database = database;
    }

    /** The database file at fault. */
    public Path database() {
        return database;
    }
}
