package dev.dpm.core.db;

import java.util.List;

/**
 * The database schema as a list of migrations: migration {@code i} takes the schema from version
 * {@code i} to {@code i + 1}. A new version appends a migration; existing ones never change.
 */
final class Schema {
    /** Migration 0 → 1: the initial schema. */
    private static final List<String> V1 = List.of(
            "CREATE TABLE schema_version (version INTEGER NOT NULL)",
            """
            CREATE TABLE installed (
              name TEXT PRIMARY KEY,
              version TEXT NOT NULL,
              manifest_cid TEXT NOT NULL,
              manifest BLOB NOT NULL,
              reason TEXT NOT NULL CHECK (reason IN ('explicit', 'dependency')),
              installed_at INTEGER NOT NULL)""",
            """
            CREATE TABLE files (
              path TEXT NOT NULL,
              package TEXT NOT NULL REFERENCES installed(name) ON DELETE CASCADE,
              type TEXT NOT NULL CHECK (type IN ('file', 'dir', 'symlink')),
              mode INTEGER NOT NULL,
              size INTEGER NOT NULL,
              sha256 TEXT,
              target TEXT,
              PRIMARY KEY (path, package))""",
            "CREATE INDEX files_by_package ON files(package)",
            """
            CREATE TABLE transactions (
              id TEXT PRIMARY KEY,
              committed_at INTEGER NOT NULL)""",
            """
            CREATE TABLE history (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time INTEGER NOT NULL,
              action TEXT NOT NULL CHECK (action IN ('install', 'upgrade', 'remove')),
              package TEXT NOT NULL,
              from_version TEXT,
              to_version TEXT,
              transaction_id TEXT NOT NULL)""",
            "CREATE INDEX history_by_package ON history(package)",
            """
            CREATE TABLE sync_state (
              id INTEGER PRIMARY KEY CHECK (id = 1),
              chain_id INTEGER NOT NULL,
              registry TEXT NOT NULL,
              last_synced_block INTEGER NOT NULL,
              last_synced_block_hash TEXT NOT NULL,
              highest_block_seen INTEGER NOT NULL)""",
            """
            CREATE TABLE releases (
              name TEXT NOT NULL,
              version TEXT NOT NULL,
              manifest_cid TEXT NOT NULL,
              manifest BLOB NOT NULL,
              description TEXT NOT NULL,
              publisher TEXT NOT NULL,
              block INTEGER NOT NULL,
              tx_hash TEXT NOT NULL,
              log_index INTEGER NOT NULL,
              yanked INTEGER NOT NULL DEFAULT 0,
              yank_block INTEGER NOT NULL DEFAULT -1,
              PRIMARY KEY (name, version))""",
            "CREATE INDEX releases_by_name_nocase ON releases(name COLLATE NOCASE)",
            "CREATE INDEX releases_by_block ON releases(block, log_index)",
            // Substring search over name and description without scanning every row.
            """
            CREATE VIRTUAL TABLE releases_text USING fts5(
              name, description, content='releases', tokenize='trigram')""",
            """
            CREATE TRIGGER releases_text_ai AFTER INSERT ON releases BEGIN
              INSERT INTO releases_text(rowid, name, description) VALUES (new.rowid, new.name, new.description);
            END""",
            """
            CREATE TRIGGER releases_text_ad AFTER DELETE ON releases BEGIN
              INSERT INTO releases_text(releases_text, rowid, name, description)
                VALUES ('delete', old.rowid, old.name, old.description);
            END""",
            """
            CREATE TRIGGER releases_text_au AFTER UPDATE ON releases BEGIN
              INSERT INTO releases_text(releases_text, rowid, name, description)
                VALUES ('delete', old.rowid, old.name, old.description);
              INSERT INTO releases_text(rowid, name, description) VALUES (new.rowid, new.name, new.description);
            END""",
            """
            CREATE TABLE maintainers (
              name TEXT NOT NULL,
              address TEXT NOT NULL,
              PRIMARY KEY (name, address))""",
            """
            CREATE TABLE publishers (
              address TEXT PRIMARY KEY,
              since_block INTEGER NOT NULL)""",
            "INSERT INTO schema_version (version) VALUES (0)");

    /**
     * Migration 1 → 2: holds (apt-mark hold, pacman's IgnorePkg): installed packages that no operation
     * may upgrade, downgrade or remove until released; and the history action {@code reinstall}
     * (SQLite cannot change a CHECK constraint in place: the table is rebuilt, rows and ids kept).
     */
    private static final List<String> V2 = List.of(
            """
            CREATE TABLE holds (
              name TEXT PRIMARY KEY,
              held_at INTEGER NOT NULL)""",
            """
            CREATE TABLE history_v2 (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              time INTEGER NOT NULL,
              action TEXT NOT NULL CHECK (action IN ('install', 'upgrade', 'remove', 'reinstall')),
              package TEXT NOT NULL,
              from_version TEXT,
              to_version TEXT,
              transaction_id TEXT NOT NULL)""",
            "INSERT INTO history_v2 (id, time, action, package, from_version, to_version, transaction_id)"
                    + " SELECT id, time, action, package, from_version, to_version, transaction_id FROM history",
            "DROP TABLE history",
            "ALTER TABLE history_v2 RENAME TO history",
            "CREATE INDEX history_by_package ON history(package)");

    /** All migrations, in order; the current version is their count. */
    static final List<List<String>> MIGRATIONS = List.of(V1, V2);

    static final int CURRENT = MIGRATIONS.size();

    private Schema() {
    }
}
