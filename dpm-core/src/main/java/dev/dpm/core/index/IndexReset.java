package dev.dpm.core.index;

import dev.dpm.core.db.LocalDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Empties the package index of a root (releases, maintainers, publishers) and marks it never synced, in
 * one SQLite transaction, keeping installed packages, history and the highest block seen (the rollback
 * defence). Used after a chain reorganisation: the index is a cache of the chain's events, and yanks and
 * maintainer changes cannot be undone row by row, so the sound rollback is a rebuild.
 *
 * <p>Private adapter: {@link LocalDatabase} has no API to delete index rows, so this opens its own
 * connection on the same file and uses the schema's table names. It must run outside any
 * {@link LocalDatabase#write} of the same root.
 */
final class IndexReset {
    private IndexReset() {
    }

    static void clear(LocalDatabase db) throws IndexException {
        Path file = db.file();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
             Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            c.setAutoCommit(false);
            try {
                s.executeUpdate("DELETE FROM releases");
                s.executeUpdate("DELETE FROM maintainers");
                s.executeUpdate("DELETE FROM publishers");
                s.executeUpdate("UPDATE sync_state SET last_synced_block = -1, last_synced_block_hash = ''"
                        + " WHERE id = 1");
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IndexException(file + ": cannot empty the package index after a reorganisation: "
                    + e.getMessage(), e);
        }
    }
}
