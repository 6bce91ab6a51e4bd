package dev.dpm.core.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalDatabaseTest {
    @TempDir
    Path root;

    private static final Instant T = Instant.ofEpochMilli(1_700_000_000_000L);

    private static InstalledPackage pkg(String name, String version, InstallReason reason) {
        return new InstalledPackage(name, version, "bafy" + name, ("manifest of " + name).getBytes(StandardCharsets.UTF_8),
                reason, T);
    }

    private static ReleaseRecord release(String name, String version, String description, long block) {
        return new ReleaseRecord(name, version, "bafy" + name + version, new byte[] {1, 2, 3}, description,
                "0xpub", block, "0xtx" + block, 0, false, -1);
    }

    @Test
    void createsDatabaseUnderRootInWalModeWithCurrentSchemaVersion() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.file()).isEqualTo(root.resolve("var/lib/dpm/dpm.db"));
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("var/lib/dpm/dpm.db"));
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("wal");
            }
            try (ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(LocalDatabase.schemaVersion()).isPositive();
            }
        }
    }

    @Test
    void refusesDatabaseFromNewerDpmAndLeavesItUntouched() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.installed().put(pkg("a", "1", InstallReason.EXPLICIT), List.of());
                return null;
            });
        }
        Path file = root.resolve("var/lib/dpm/dpm.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE schema_version SET version = 99");
        }
        assertThatThrownBy(() -> LocalDatabase.open(root))
                .isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("99")
                .satisfies(e -> assertThat(((SchemaVersionException) e).found()).isEqualTo(99));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(99);
        }
    }

    @Test
    void refusesSqliteFileThatIsNotADpmDatabase() throws Exception {
        Path file = root.resolve("other.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE foo (x)");
        }
        assertThatThrownBy(() -> LocalDatabase.openFile(file)).isInstanceOf(SchemaVersionException.class)
                .hasMessageContaining("not a dpm database");
    }

    @Test
    void refusesFileThatIsNotSqlite() throws Exception {
        Path file = root.resolve("garbage.db");
        Files.write(file, "this is not a database, just some text long enough to be read".repeat(40)
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> LocalDatabase.openFile(file)).isInstanceOf(DatabaseException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void storesInstalledPackagesWithFilesAndReopens() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.installed().put(pkg("hello", "1.0-1", InstallReason.EXPLICIT), List.of(
                        new InstalledFile("usr/bin/hello", "hello", FileType.FILE, 0755, 12, "ab".repeat(32), null),
                        new InstalledFile("usr/bin", "hello", FileType.DIR, 0755, 0, null, null),
                        new InstalledFile("usr/bin/hi", "hello", FileType.SYMLINK, 0, 0, null, "hello")));
                w.installed().put(pkg("libx", "2", InstallReason.DEPENDENCY), List.of(
                        new InstalledFile("usr/bin", "libx", FileType.DIR, 0755, 0, null, null)));
                return null;
            });
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).extracting(InstalledPackage::name).containsExactly("hello", "libx");
            InstalledPackage hello = db.installed().find("hello").orElseThrow();
            assertThat(hello).isEqualTo(pkg("hello", "1.0-1", InstallReason.EXPLICIT));
            assertThat(db.installed().files("hello")).extracting(InstalledFile::path)
                    .containsExactly("usr/bin", "usr/bin/hello", "usr/bin/hi");
            assertThat(db.installed().files("hello").get(1).mode()).isEqualTo(0755);
            assertThat(db.installed().files("hello").get(2).target()).isEqualTo("hello");
            assertThat(db.installed().owners("usr/bin")).extracting(InstalledFile::owner)
                    .containsExactly("hello", "libx");
            db.write(w -> {
                w.installed().remove("hello");
                w.installed().setReason("libx", InstallReason.EXPLICIT);
                return null;
            });
            assertThat(db.installed().find("hello")).isEmpty();
            assertThat(db.installed().owners("usr/bin")).extracting(InstalledFile::owner).containsExactly("libx");
            assertThat(db.installed().find("libx").orElseThrow().reason()).isEqualTo(InstallReason.EXPLICIT);
        }
    }

    @Test
    void aHoldSurvivesANewRecordOfThePackageAndGoesWithItsRemoval() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.installed().put(pkg("libx", "1", InstallReason.DEPENDENCY), List.of());
                w.installed().put(pkg("liby", "1", InstallReason.DEPENDENCY), List.of());
                assertThat(w.installed().hold("libx", T)).isTrue();
                assertThat(w.installed().hold("libx", T)).isFalse();
                assertThat(w.installed().hold("liby", T)).isTrue();
                return null;
            });
            assertThatThrownBy(() -> db.write(w -> w.installed().hold("nothere", T)))
                    .isInstanceOf(DatabaseException.class).hasMessageContaining("nothere: it is not installed");
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().held()).containsExactly("libx", "liby");
            db.write(w -> {
                w.installed().put(pkg("libx", "2", InstallReason.DEPENDENCY), List.of()); // recorded anew
                w.installed().remove("liby");
                return null;
            });
            assertThat(db.installed().held()).containsExactly("libx");
            boolean first = db.write(w -> w.installed().unhold("libx"));
            boolean again = db.write(w -> w.installed().unhold("libx"));
            assertThat(first).isTrue();
            assertThat(again).isFalse();
            assertThat(db.installed().held()).isEmpty();
        }
    }

    @Test
    void aDatabaseOfSchemaVersionOneIsMigratedKeepingWhatItHolds() throws Exception {
        Path file = root.resolve(LocalDatabase.RELATIVE_PATH);
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            for (String sql : Schema.MIGRATIONS.get(0)) { // exactly what dpm wrote at version 1
                s.execute(sql);
            }
            s.executeUpdate("UPDATE schema_version SET version = 1");
            s.executeUpdate("INSERT INTO installed VALUES ('old', '1.0', 'bafyold', x'01', 'explicit', 1)");
            s.executeUpdate("INSERT INTO history (time, action, package, from_version, to_version, transaction_id)"
                    + " VALUES (1, 'install', 'old', NULL, '1.0', 'tx1')");
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).extracting(InstalledPackage::name).containsExactly("old");
            db.write(w -> {
                w.recordHistory(new HistoryEntry(T, HistoryAction.REINSTALL, "old", "1.0", "1.0", "tx2"));
                return null;
            });
            assertThat(db.history().all()).extracting(HistoryEntry::action)
                    .containsExactly(HistoryAction.INSTALL, HistoryAction.REINSTALL);
            assertThat(db.installed().held()).isEmpty();
            db.write(w -> w.installed().hold("old", T));
            assertThat(db.installed().held()).containsExactly("old");
        }
    }

    @Test
    void failedWriteRollsBackEverything() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThatThrownBy(() -> db.write(w -> {
                w.installed().put(pkg("a", "1", InstallReason.EXPLICIT), List.of());
                w.markCommitted("tx1", T);
                w.installed().setReason("missing", InstallReason.EXPLICIT);
                return null;
            })).isInstanceOf(DatabaseException.class).hasMessageContaining("missing is not installed");
            assertThat(db.installed().all()).isEmpty();
            assertThat(db.history().isCommitted("tx1")).isFalse();
        }
    }

    @Test
    void recordsHistoryAndCommittedTransactions() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.recordHistory(new HistoryEntry(T, HistoryAction.INSTALL, "a", null, "1", "tx1"));
                w.recordHistory(new HistoryEntry(T.plusSeconds(1), HistoryAction.UPGRADE, "a", "1", "2", "tx2"));
                w.markCommitted("tx1", T);
                return null;
            });
            assertThat(db.history().all()).containsExactly(
                    new HistoryEntry(T, HistoryAction.INSTALL, "a", null, "1", "tx1"),
                    new HistoryEntry(T.plusSeconds(1), HistoryAction.UPGRADE, "a", "1", "2", "tx2"));
            assertThat(db.history().isCommitted("tx1")).isTrue();
            assertThat(db.history().isCommitted("tx2")).isFalse();
        }
    }

    @Test
    void highestBlockSeenNeverDecreases() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.syncState()).isEmpty();
            db.write(w -> {
                w.noteBlockSeen(50);
                return null;
            });
            assertThat(db.syncState().orElseThrow().highestBlockSeen()).isEqualTo(50);
            db.write(w -> {
                w.saveSyncState(new SyncState(31337, "0xreg", 40, "0xh40", 40));
                return null;
            });
            assertThat(db.syncState().orElseThrow()).isEqualTo(new SyncState(31337, "0xreg", 40, "0xh40", 50));
            db.write(w -> {
                w.saveSyncState(new SyncState(31337, "0xreg", 60, "0xh60", 60));
                w.noteBlockSeen(55);
                return null;
            });
            assertThat(db.syncState().orElseThrow()).isEqualTo(new SyncState(31337, "0xreg", 60, "0xh60", 60));
        }
    }

    @Test
    void indexStoresReleasesYanksMaintainersAndPublishers() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(release("hello", "1.0", "Greets the world", 10));
                w.index().putRelease(release("hello", "2.0", "Greets the world", 12));
                w.index().putRelease(release("libgreet", "0.1", "Library of greetings", 11));
                assertThat(w.index().yank("hello", "1.0", 13)).isTrue();
                assertThat(w.index().yank("hello", "9.9", 13)).isFalse();
                w.index().addMaintainer("hello", "0xbb");
                w.index().addMaintainer("hello", "0xaa");
                w.index().addMaintainer("hello", "0xaa");
                w.index().addPublisher("0xpub", 1);
                w.index().addPublisher("0xold", 1);
                w.index().addMaintainer("libgreet", "0xold");
                w.index().addMaintainer("hello", "0xold");
                w.index().removePublisher("0xold");
                return null;
            });
            assertThat(db.index().releases("hello")).extracting(ReleaseRecord::version).containsExactly("1.0", "2.0");
            ReleaseRecord yanked = db.index().find("hello", "1.0").orElseThrow();
            assertThat(yanked.yanked()).isTrue();
            assertThat(yanked.yankBlock()).isEqualTo(13);
            assertThat(db.index().find("hello", "2.0").orElseThrow())
                    .isEqualTo(release("hello", "2.0", "Greets the world", 12));
            assertThat(db.index().names()).containsExactly("hello", "libgreet");
            assertThat(db.index().releaseCount()).isEqualTo(3);
            assertThat(db.index().maintainers("hello")).containsExactly("0xaa", "0xbb");
            assertThat(db.index().publishers()).containsExactly("0xpub");
            assertThat(db.index().maintainers("libgreet")).as("a removed publisher maintains nothing").isEmpty();
        }
    }

    @Test
    void aWriteEndedByAnErrorCommitsNothing() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            // e.g. OutOfMemoryError or StackOverflowError half-way through an install's database update
            assertThatThrownBy(() -> db.write(w -> {
                w.index().putRelease(release("hello", "1.0", "Greets the world", 10));
                throw new StackOverflowError("half-way");
            })).isInstanceOf(StackOverflowError.class);
            // before: setAutoCommit(true) in the finally committed the half-done transaction
            assertThat(db.index().names()).as("rows of the failed write").isEmpty();
            db.write(w -> {
                w.index().putRelease(release("libgreet", "0.1", "Library of greetings", 11));
                return null;
            });
            assertThat(db.index().names()).containsExactly("libgreet");
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.index().names()).containsExactly("libgreet");
        }
    }

    @Test
    void searchMatchesNameOrDescriptionSubstringsCaseInsensitively() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(release("hello", "1.0", "Greets the world", 10));
                w.index().putRelease(release("libgreet", "0.1", "Library of salutations", 11));
                w.index().putRelease(release("zz", "1", "compression \"tool\" 100%", 12));
                return null;
            });
            assertThat(db.index().search("GREET")).extracting(ReleaseRecord::name).containsExactly("hello", "libgreet");
            assertThat(db.index().search("salut")).extracting(ReleaseRecord::name).containsExactly("libgreet");
            assertThat(db.index().search("\"tool\"")).extracting(ReleaseRecord::name).containsExactly("zz");
            assertThat(db.index().search("zz")).extracting(ReleaseRecord::name).containsExactly("zz");
            assertThat(db.index().search("0%")).extracting(ReleaseRecord::name).containsExactly("zz");
            assertThat(db.index().search("nothing-like-this")).isEmpty();
            // the full-text index follows updates of the description
            db.write(w -> {
                w.index().putRelease(release("hello", "1.0", "Waves", 10));
                return null;
            });
            assertThat(db.index().search("Greets")).isEmpty();
            assertThat(db.index().search("waves")).extracting(ReleaseRecord::name).containsExactly("hello");
        }
    }

    @Test
    void concurrentFirstOpensMigrateOnce() throws Exception {
        int n = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Integer>> opened = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                opened.add(pool.submit(() -> {
                    start.await();
                    try (LocalDatabase db = LocalDatabase.open(root)) {
                        return db.installed().all().size();
                    }
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Integer> f : opened) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("var/lib/dpm/dpm.db"));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM schema_version")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }
}
