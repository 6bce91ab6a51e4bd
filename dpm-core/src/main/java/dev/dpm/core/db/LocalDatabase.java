package dev.dpm.core.db;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The local database of one install root: {@code ROOT/var/lib/dpm/dpm.db}, SQLite in WAL mode with
 * {@code synchronous=FULL}, so a committed write survives a crash or power loss.
 *
 * <p>{@link #open} validates the schema version (refusing a database written by a newer dpm) and
 * applies pending migrations in one transaction. Reads go through {@link #installed()},
 * {@link #index()}, {@link #history()}, {@link #syncState()}; every change goes through
 * {@link #write}, which runs in one SQLite transaction.
 *
 * <p>Thread-safe: one connection, calls serialized. Several processes may open the same database
 * (SQLite locking); changes to installed packages are additionally serialized by the installer's
 * root lock.
 */
public final class LocalDatabase implements AutoCloseable {
    /** Path of the database relative to the install root. */
    public static final String RELATIVE_PATH = "var/lib/dpm/dpm.db";

    private final Path file;
    private final Connection conn;
    private final SqlInstalledPackages installed = new SqlInstalledPackages();
    private final SqlPackageIndex index = new SqlPackageIndex();
    private final SqlHistory history = new SqlHistory();
    private final java.util.Map<String, PreparedStatement> statements = new java.util.HashMap<>();
    private boolean inWrite;

    /** A unit of work run in one SQLite transaction. */
    @FunctionalInterface
    public interface WriteAction<T> {
        T run(DatabaseWriter writer) throws DatabaseException;
    }

    private LocalDatabase(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    /**
     * Opens (creating if needed) the database of install root {@code root}.
     *
     * @throws SchemaVersionException when the file's schema is newer than {@link #schemaVersion()}
     *     supports or the file is not a dpm database
     * @throws DatabaseException when the file cannot be opened or migrated
     */
    public static LocalDatabase open(Path root) throws DatabaseException {
        return openFile(root.resolve(RELATIVE_PATH));
    }

    /** Opens (creating if needed) the database in {@code file}. */
    public static LocalDatabase openFile(Path file) throws DatabaseException {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new DatabaseException(file, "cannot create its directory: " + e.getMessage(), e);
        }
        Connection conn;
        try {
            conn = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        } catch (SQLException e) {
            throw new DatabaseException(file, "cannot open: " + e.getMessage(), e);
        }
        LocalDatabase db = new LocalDatabase(file, conn);
        try {
            db.configure();
            db.migrate();
            return db;
        } catch (DatabaseException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /** The schema version this code reads and writes. */
    public static int schemaVersion() {
        return Schema.CURRENT;
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    private void configure() throws DatabaseException {
        try (Statement s = conn.createStatement()) {
            s.execute("PRAGMA busy_timeout = 10000");
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
                if (!rs.next() || !"wal".equalsIgnoreCase(rs.getString(1))) {
                    throw new DatabaseException(file, "cannot switch to WAL journal mode");
                }
            }
            // FULL: in WAL mode NORMAL may lose the last commits on power loss; the installer's
            // recovery relies on a commit being durable once write() returns.
            s.execute("PRAGMA synchronous = FULL");
            s.execute("PRAGMA foreign_keys = ON");
        } catch (SQLException e) {
            throw new DatabaseException(file, "cannot configure: " + e.getMessage(), e);
        }
    }

    private synchronized void migrate() throws DatabaseException {
        try {
            int version = readVersion();
            if (version > Schema.CURRENT) {
                throw new SchemaVersionException(file, version, Schema.CURRENT);
            }
            if (version == Schema.CURRENT) {
                return;
            }
            // IMMEDIATE takes the write lock before reading the version again: two processes opening a
            // fresh root at once migrate it once (the second waits, then finds it done).
            try (Statement s = conn.createStatement()) {
                s.execute("BEGIN IMMEDIATE");
                try {
                    version = readVersion();
                    if (version > Schema.CURRENT) {
                        throw new SchemaVersionException(file, version, Schema.CURRENT);
                    }
                    for (int v = version; v < Schema.CURRENT; v++) {
                        for (String sql : Schema.MIGRATIONS.get(v)) {
                            s.execute(sql);
                        }
                    }
                    s.executeUpdate("UPDATE schema_version SET version = " + Schema.CURRENT);
                    s.execute("COMMIT");
                } catch (SQLException | SchemaVersionException | RuntimeException e) {
                    s.execute("ROLLBACK");
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(file, "cannot migrate the schema: " + e.getMessage(), e);
        }
    }

    /** The stored version; 0 for an empty database. */
    private int readVersion() throws SQLException, SchemaVersionException {
        try (Statement s = conn.createStatement()) {
            boolean hasVersionTable;
            int tables;
            try (ResultSet rs = s.executeQuery(
                    "SELECT count(*), sum(name = 'schema_version') FROM sqlite_master WHERE type = 'table'")) {
                rs.next();
                tables = rs.getInt(1);
                hasVersionTable = rs.getInt(2) > 0;
            }
            if (!hasVersionTable) {
                if (tables == 0) {
                    return 0;
                }
                throw new SchemaVersionException(file, -1, Schema.CURRENT);
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                if (!rs.next()) {
                    throw new SchemaVersionException(file, -1, Schema.CURRENT);
                }
                int v = rs.getInt(1);
                if (rs.next() || v < 0) {
                    throw new SchemaVersionException(file, -1, Schema.CURRENT);
                }
                return v;
            }
        }
    }

    /** What is installed (read-only view). */
    public InstalledPackages installed() {
        return installed;
    }

    /** The synced package index (read-only view). */
    public PackageIndex index() {
        return index;
    }

    /** The transaction history (read-only view). */
    public History history() {
        return history;
    }

    /** The sync state, if the index was ever synced or a block was noted. */
    public synchronized Optional<SyncState> syncState() throws DatabaseException {
        try (PreparedStatement ps = conn.prepareStatement(
                "SELECT chain_id, registry, last_synced_block, last_synced_block_hash, highest_block_seen"
                        + " FROM sync_state WHERE id = 1");
                ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new SyncState(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                    rs.getLong(5)));
        } catch (SQLException e) {
            throw fail("read sync state", e);
        }
    }

    /**
     * Runs {@code action} in one SQLite transaction: commits when it returns, rolls back when it
     * throws. Not re-entrant.
     */
    public synchronized <T> T write(WriteAction<T> action) throws DatabaseException {
        if (inWrite) {
            throw new IllegalStateException("write() is not re-entrant");
        }
        inWrite = true;
        Writer writer = new Writer();
        try {
            conn.setAutoCommit(false);
            T result;
            try {
                result = action.run(writer);
                conn.commit();
            } catch (Throwable t) {
                // Every failure rolls back, Errors included: setAutoCommit(true) below commits whatever
                // transaction is still open, which would keep the half of a write that ran.
                try {
                    conn.rollback();
                } catch (SQLException r) {
                    t.addSuppressed(r);
                }
                if (t instanceof SQLException e) {
                    throw fail("commit", e);
                }
                throw t;
            } finally {
                conn.setAutoCommit(true);
            }
            return result;
        } catch (SQLException e) {
            throw fail("begin/roll back a transaction", e);
        } finally {
            writer.closed = true;
            inWrite = false;
        }
    }

    @Override
    public synchronized void close() {
        try {
            for (PreparedStatement ps : statements.values()) {
                ps.close();
            }
            statements.clear();
            conn.close();
        } catch (SQLException e) {
            // Nothing is pending (every write commits or rolls back before returning), so a failing
            // close loses nothing; SQLite replays the WAL on the next open.
        }
    }

    private DatabaseException fail(String what, SQLException e) {
        return new DatabaseException(file, "cannot " + what + ": " + e.getMessage(), e);
    }

    private interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** A prepared statement for {@code sql}, prepared once per connection (bulk index sync reuses them). */
    private PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = conn.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    private <T> List<T> query(String what, String sql, Binder binder, RowMapper<T> mapper) throws DatabaseException {
        synchronized (this) {
            try {
                PreparedStatement ps = statement(sql);
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw fail(what, e);
            }
        }
    }

    private int update(String what, String sql, Binder binder) throws DatabaseException {
        synchronized (this) {
            try {
                PreparedStatement ps = statement(sql);
                binder.bind(ps);
                return ps.executeUpdate();
            } catch (SQLException e) {
                throw fail(what, e);
            }
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private static final String PACKAGE_COLUMNS = "name, version, manifest_cid, manifest, reason, installed_at";
    private static final String FILE_COLUMNS = "path, package, type, mode, size, sha256, target";
    private static final String RELEASE_COLUMNS = "r.name, r.version, r.manifest_cid, r.manifest, r.description,"
            + " r.publisher, r.block, r.tx_hash, r.log_index, r.yanked, r.yank_block";

    private static InstalledPackage mapPackage(ResultSet rs) throws SQLException {
        return new InstalledPackage(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4),
                InstallReason.ofCode(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6)));
    }

    private static InstalledFile mapFile(ResultSet rs) throws SQLException {
        return new InstalledFile(rs.getString(1), rs.getString(2), FileType.ofCode(rs.getString(3)), rs.getInt(4),
                rs.getLong(5), rs.getString(6), rs.getString(7));
    }

    private static ReleaseRecord mapRelease(ResultSet rs) throws SQLException {
        return new ReleaseRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getLong(9), rs.getInt(10) != 0, rs.getLong(11));
    }

    private class SqlInstalledPackages implements InstalledPackages {
        @Override
        public Optional<InstalledPackage> find(String name) throws DatabaseException {
            return first(query("read package " + name, "SELECT " + PACKAGE_COLUMNS + " FROM installed WHERE name = ?",
                    ps -> ps.setString(1, name), LocalDatabase::mapPackage));
        }

        @Override
        public List<InstalledPackage> all() throws DatabaseException {
            return query("list installed packages", "SELECT " + PACKAGE_COLUMNS + " FROM installed ORDER BY name",
                    ps -> { }, LocalDatabase::mapPackage);
        }

        @Override
        public List<InstalledFile> files(String name) throws DatabaseException {
            return query("list files of " + name,
                    "SELECT " + FILE_COLUMNS + " FROM files WHERE package = ? ORDER BY path",
                    ps -> ps.setString(1, name), LocalDatabase::mapFile);
        }

        @Override
        public List<InstalledFile> owners(String path) throws DatabaseException {
            return query("read owners of " + path,
                    "SELECT " + FILE_COLUMNS + " FROM files WHERE path = ? ORDER BY package",
                    ps -> ps.setString(1, path), LocalDatabase::mapFile);
        }

        @Override
        public List<String> held() throws DatabaseException {
            return query("list held packages", "SELECT name FROM holds ORDER BY name", ps -> { },
                    rs -> rs.getString(1));
        }
    }

    private final class MutableInstalled extends SqlInstalledPackages implements MutableInstalledPackages {
        private final Writer writer;

        MutableInstalled(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void put(InstalledPackage pkg, List<InstalledFile> files) throws DatabaseException {
            writer.check();
            forget(pkg.name()); // a hold stays: it is on the name, not on this record
            update("record package " + pkg.name(),
                    "INSERT INTO installed (" + PACKAGE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setString(1, pkg.name());
                        ps.setString(2, pkg.version());
                        ps.setString(3, pkg.manifestCid());
                        ps.setBytes(4, pkg.manifest());
                        ps.setString(5, pkg.reason().code());
                        ps.setLong(6, pkg.installedAt().toEpochMilli());
                    });
            synchronized (LocalDatabase.this) {
                try (PreparedStatement ps = conn.prepareStatement(
                        "INSERT INTO files (" + FILE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    for (InstalledFile f : files) {
                        if (!f.owner().equals(pkg.name())) {
                            throw new IllegalArgumentException(f.path() + " is owned by " + f.owner()
                                    + ", not " + pkg.name());
                        }
                        ps.setString(1, f.path());
                        ps.setString(2, f.owner());
                        ps.setString(3, f.type().code());
                        ps.setInt(4, f.mode());
                        ps.setLong(5, f.size());
                        ps.setString(6, f.sha256());
                        ps.setString(7, f.target());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                } catch (SQLException e) {
                    throw fail("record files of " + pkg.name(), e);
                }
            }
        }

        @Override
        public void remove(String name) throws DatabaseException {
            writer.check();
            forget(name);
            unhold(name);
        }

        private void forget(String name) throws DatabaseException {
            update("forget files of " + name, "DELETE FROM files WHERE package = ?", ps -> ps.setString(1, name));
            update("forget package " + name, "DELETE FROM installed WHERE name = ?", ps -> ps.setString(1, name));
        }

        @Override
        public boolean hold(String name, Instant at) throws DatabaseException {
            writer.check();
            if (find(name).isEmpty()) {
                throw new DatabaseException(file, "cannot hold " + name + ": it is not installed");
            }
            return update("hold " + name, "INSERT OR IGNORE INTO holds (name, held_at) VALUES (?, ?)", ps -> {
                ps.setString(1, name);
                ps.setLong(2, at.toEpochMilli());
            }) > 0;
        }

        @Override
        public boolean unhold(String name) throws DatabaseException {
            writer.check();
            return update("release the hold on " + name, "DELETE FROM holds WHERE name = ?",
                    ps -> ps.setString(1, name)) > 0;
        }

        @Override
        public void setReason(String name, InstallReason reason) throws DatabaseException {
            writer.check();
            int n = update("set install reason of " + name, "UPDATE installed SET reason = ? WHERE name = ?", ps -> {
                ps.setString(1, reason.code());
                ps.setString(2, name);
            });
            if (n == 0) {
                throw new DatabaseException(file, "cannot set install reason: " + name + " is not installed");
            }
        }
    }

    private class SqlPackageIndex implements PackageIndex {
        @Override
        public List<ReleaseRecord> releases(String name) throws DatabaseException {
            return query("read releases of " + name,
                    "SELECT " + RELEASE_COLUMNS + " FROM releases r WHERE r.name = ? ORDER BY r.block, r.log_index",
                    ps -> ps.setString(1, name), LocalDatabase::mapRelease);
        }

        @Override
        public Optional<ReleaseRecord> find(String name, String version) throws DatabaseException {
            return first(query("read release " + name + "@" + version,
                    "SELECT " + RELEASE_COLUMNS + " FROM releases r WHERE r.name = ? AND r.version = ?", ps -> {
                        ps.setString(1, name);
                        ps.setString(2, version);
                    }, LocalDatabase::mapRelease));
        }

        @Override
        public List<ReleaseRecord> search(String term) throws DatabaseException {
            if (term.codePointCount(0, term.length()) >= 3) {
                // The trigram tokenizer matches substrings case-insensitively; a quoted phrase keeps
                // FTS5 operators in the term literal.
                String phrase = "\"" + term.replace("\"", "\"\"") + "\"";
                return query("search " + term, "SELECT " + RELEASE_COLUMNS
                        + " FROM releases_text t JOIN releases r ON r.rowid = t.rowid WHERE releases_text MATCH ?"
                        + " ORDER BY r.name, r.block, r.log_index",
                        ps -> ps.setString(1, phrase), LocalDatabase::mapRelease);
            }
            String like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            return query("search " + term, "SELECT " + RELEASE_COLUMNS
                    + " FROM releases r WHERE r.name LIKE ?1 ESCAPE '\\' OR r.description LIKE ?1 ESCAPE '\\'"
                    + " ORDER BY r.name, r.block, r.log_index", ps -> ps.setString(1, like), LocalDatabase::mapRelease);
        }

        @Override
        public List<String> names() throws DatabaseException {
            return query("list package names", "SELECT DISTINCT name FROM releases ORDER BY name", ps -> { },
                    rs -> rs.getString(1));
        }

        @Override
        public long releaseCount() throws DatabaseException {
            return query("count releases", "SELECT count(*) FROM releases", ps -> { }, rs -> rs.getLong(1)).get(0);
        }

        @Override
        public List<String> maintainers(String name) throws DatabaseException {
            return query("read maintainers of " + name,
                    "SELECT address FROM maintainers WHERE name = ? ORDER BY address", ps -> ps.setString(1, name),
                    rs -> rs.getString(1));
        }

        @Override
        public List<String> publishers() throws DatabaseException {
            return query("read publishers", "SELECT address FROM publishers ORDER BY address", ps -> { },
                    rs -> rs.getString(1));
        }
    }

    private final class MutableIndex extends SqlPackageIndex implements MutablePackageIndex {
        private final Writer writer;

        MutableIndex(Writer writer) {
            this.writer = writer;
        }

        @Override
        public void clear() throws DatabaseException {
            writer.check();
            update("forget the package index", "DELETE FROM releases", ps -> { });
            update("forget the maintainers", "DELETE FROM maintainers", ps -> { });
            update("forget the publishers", "DELETE FROM publishers", ps -> { });
        }

        @Override
        public void putRelease(ReleaseRecord r) throws DatabaseException {
            writer.check();
            update("record release " + r.name() + "@" + r.version(),
                    "INSERT INTO releases (name, version, manifest_cid, manifest, description, publisher, block,"
                            + " tx_hash, log_index, yanked, yank_block) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " ON CONFLICT (name, version) DO UPDATE SET manifest_cid = excluded.manifest_cid,"
                            + " manifest = excluded.manifest, description = excluded.description,"
                            + " publisher = excluded.publisher, block = excluded.block, tx_hash = excluded.tx_hash,"
                            + " log_index = excluded.log_index, yanked = excluded.yanked,"
                            + " yank_block = excluded.yank_block", ps -> {
                                ps.setString(1, r.name());
                                ps.setString(2, r.version());
                                ps.setString(3, r.manifestCid());
                                ps.setBytes(4, r.manifest());
                                ps.setString(5, r.description());
                                ps.setString(6, r.publisher());
                                ps.setLong(7, r.block());
                                ps.setString(8, r.txHash());
                                ps.setLong(9, r.logIndex());
                                ps.setInt(10, r.yanked() ? 1 : 0);
                                ps.setLong(11, r.yankBlock());
                            });
        }

        @Override
        public boolean yank(String name, String version, long block) throws DatabaseException {
            writer.check();
            return update("yank " + name + "@" + version,
                    "UPDATE releases SET yanked = 1, yank_block = ? WHERE name = ? AND version = ?", ps -> {
                        ps.setLong(1, block);
                        ps.setString(2, name);
                        ps.setString(3, version);
                    }) > 0;
        }

        @Override
        public void addMaintainer(String name, String address) throws DatabaseException {
            writer.check();
            update("add maintainer " + address + " of " + name,
                    "INSERT OR IGNORE INTO maintainers (name, address) VALUES (?, ?)", ps -> {
                        ps.setString(1, name);
                        ps.setString(2, address);
                    });
        }

        @Override
        public void removeMaintainer(String name, String address) throws DatabaseException {
            writer.check();
            update("remove maintainer " + address + " of " + name,
                    "DELETE FROM maintainers WHERE name = ? AND address = ?", ps -> {
                        ps.setString(1, name);
                        ps.setString(2, address);
                    });
        }

        @Override
        public void addPublisher(String address, long block) throws DatabaseException {
            writer.check();
            update("add publisher " + address,
                    "INSERT OR IGNORE INTO publishers (address, since_block) VALUES (?, ?)", ps -> {
                        ps.setString(1, address);
                        ps.setLong(2, block);
                    });
        }

        @Override
        public void removePublisher(String address) throws DatabaseException {
            writer.check();
            update("remove publisher " + address, "DELETE FROM publishers WHERE address = ?",
                    ps -> ps.setString(1, address));
            update("end the maintainerships of removed publisher " + address,
                    "DELETE FROM maintainers WHERE address = ?", ps -> ps.setString(1, address));
        }
    }

    private final class SqlHistory implements History {
        @Override
        public List<HistoryEntry> all() throws DatabaseException {
            return query("read history", "SELECT time, action, package, from_version, to_version, transaction_id"
                    + " FROM history ORDER BY id", ps -> { },
                    rs -> new HistoryEntry(Instant.ofEpochMilli(rs.getLong(1)), HistoryAction.ofCode(rs.getString(2)),
                            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6)));
        }

        @Override
        public boolean isCommitted(String transactionId) throws DatabaseException {
            return !query("read transaction " + transactionId, "SELECT 1 FROM transactions WHERE id = ?",
                    ps -> ps.setString(1, transactionId), rs -> Boolean.TRUE).isEmpty();
        }
    }

    private final class Writer implements DatabaseWriter {
        private final MutableInstalled installedView = new MutableInstalled(this);
        private final MutableIndex indexView = new MutableIndex(this);
        private boolean closed;

        void check() {
            if (closed) {
                throw new IllegalStateException("DatabaseWriter used after its write() returned");
            }
        }

        @Override
        public MutableInstalledPackages installed() {
            check();
            return installedView;
        }

        @Override
        public MutablePackageIndex index() {
            check();
            return indexView;
        }

        @Override
        public History history() {
            return history;
        }

        @Override
        public void recordHistory(HistoryEntry e) throws DatabaseException {
            check();
            update("record history of " + e.packageName(), "INSERT INTO history (time, action, package,"
                    + " from_version, to_version, transaction_id) VALUES (?, ?, ?, ?, ?, ?)", ps -> {
                        ps.setLong(1, e.time().toEpochMilli());
                        ps.setString(2, e.action().code());
                        ps.setString(3, e.packageName());
                        ps.setString(4, e.fromVersion());
                        ps.setString(5, e.toVersion());
                        ps.setString(6, e.transactionId());
                    });
        }

        @Override
        public void markCommitted(String transactionId, Instant time) throws DatabaseException {
            check();
            update("mark transaction " + transactionId + " committed",
                    "INSERT INTO transactions (id, committed_at) VALUES (?, ?)", ps -> {
                        ps.setString(1, transactionId);
                        ps.setLong(2, time.toEpochMilli());
                    });
        }

        @Override
        public void saveSyncState(SyncState s) throws DatabaseException {
            check();
            update("save sync state", "INSERT INTO sync_state (id, chain_id, registry, last_synced_block,"
                    + " last_synced_block_hash, highest_block_seen) VALUES (1, ?, ?, ?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET chain_id = excluded.chain_id, registry = excluded.registry,"
                    + " last_synced_block = excluded.last_synced_block,"
                    + " last_synced_block_hash = excluded.last_synced_block_hash,"
                    + " highest_block_seen = max(highest_block_seen, excluded.highest_block_seen)", ps -> {
                        ps.setLong(1, s.chainId());
                        ps.setString(2, s.registry());
                        ps.setLong(3, s.lastSyncedBlock());
                        ps.setString(4, s.lastSyncedBlockHash());
                        ps.setLong(5, Math.max(s.highestBlockSeen(), s.lastSyncedBlock()));
                    });
        }

        @Override
        public void noteBlockSeen(long block) throws DatabaseException {
            check();
            // Before the first sync there is no chain to name: record the block alone with a
            // placeholder chain (id 0) and "nothing synced" (-1), so rollback protection starts at once.
            update("note block " + block, "INSERT INTO sync_state (id, chain_id, registry, last_synced_block,"
                    + " last_synced_block_hash, highest_block_seen) VALUES (1, 0, '', -1, '', ?)"
                    + " ON CONFLICT (id) DO UPDATE SET highest_block_seen = max(highest_block_seen, excluded.highest_block_seen)",
                    ps -> ps.setLong(1, block));
        }
    }
}
