package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.install.RecoveryReport.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a child JVM paused at a named point of a transaction, then recovery by this
 * JVM: the root (files, modes, symlinks) and the database must be exactly as before the transaction
 * or exactly as after it — compared with a root where the same transaction ran undisturbed.
 */
class InstallCrashIT {
    @TempDir
    Path tmp;

    /** The database state that matters: packages (name, version, reason, manifest) and their files. */
    private static List<String> dbState(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        try (LocalDatabase db = LocalDatabase.open(root)) {
            for (InstalledPackage p : db.installed().all()) {
                out.add(p.name() + " " + p.version() + " " + p.reason() + " " + p.manifestCid());
                for (InstalledFile f : db.installed().files(p.name())) {
                    out.add("  " + f);
                }
            }
            out.add("history entries: " + db.history().all().size());
        }
        return out;
    }

    private static void run(Path root, InstallPlan plan) throws Exception {
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(plan);
            tx.commit();
        }
    }

    @ParameterizedTest(name = "{0} killed at {1} -> {2}")
    @CsvSource({
        "install, staged:3,     DISCARDED_STAGING",
        "install, step:JOURNAL, DISCARDED_STAGING",
        "install, step:APPLY,   ROLLED_BACK",
        "install, applied:2,    ROLLED_BACK",
        "install, applied:12,   ROLLED_BACK",
        "install, step:RECORD,  ROLLED_BACK",
        "install, step:CLEANUP, ROLLED_FORWARD",
        "upgrade, staged:5,     DISCARDED_STAGING",
        "upgrade, applied:3,    ROLLED_BACK",
        "upgrade, applied:8,    ROLLED_BACK",
        "upgrade, applied:15,   ROLLED_BACK",
        "upgrade, step:RECORD,  ROLLED_BACK",
        "upgrade, step:CLEANUP, ROLLED_FORWARD",
    })
    void rootIsExactlyBeforeOrAfterAndTheDatabaseAgrees(String scenario, String point, Outcome expected)
            throws Exception {
        // The reference: the same transaction, undisturbed.
        Path reference = tmp.resolve("reference");
        Files.createDirectories(reference);
        InstallPlan setup = CrashScenario.setup(scenario);
        if (setup != null) {
            run(reference, setup);
        }
        run(reference, CrashScenario.plan(scenario));
        Map<String, String> after = RootSnapshot.of(reference);
        List<String> dbAfter = dbState(reference);

        Path root = tmp.resolve("root");
        Files.createDirectories(root);
        if (setup != null) {
            run(root, setup);
        }
        Map<String, String> before = RootSnapshot.of(root);
        List<String> dbBefore = dbState(root);
        assertThat(after).isNotEqualTo(before);

        try (ChildJvm child = ChildJvm.start(root, scenario, point, tmp)) {
            child.awaitPaused();
            child.kill();
        }
        boolean journalLeft = Files.exists(root.resolve("var/lib/dpm/journal.json"));
        assertThat(journalLeft).as("journal left by the killed process")
                .isEqualTo(expected == Outcome.ROLLED_BACK || expected == Outcome.ROLLED_FORWARD);

        RecoveryReport report = Installer.recoverIfNeeded(root);
        assertThat(report.outcome()).isEqualTo(expected);
        assertThat(report.describe()).contains("recovered interrupted transaction");
        if (expected == Outcome.ROLLED_FORWARD) {
            assertThat(RootSnapshot.of(root)).isEqualTo(after);
            assertThat(dbState(root)).isEqualTo(dbAfter);
        } else {
            assertThat(RootSnapshot.of(root)).isEqualTo(before);
            assertThat(dbState(root)).isEqualTo(dbBefore);
            // and the root is usable: the same transaction now completes
            run(root, CrashScenario.plan(scenario));
            assertThat(RootSnapshot.of(root)).isEqualTo(after);
            assertThat(dbState(root)).isEqualTo(dbAfter);
        }
        assertThat(root.resolve("var/lib/dpm/journal.json")).doesNotExist();
        assertThat(root.resolve("var/lib/dpm/staging")).isEmptyDirectory();
        assertThat(Installer.recoverIfNeeded(root).outcome()).isEqualTo(Outcome.CLEAN);
        assertThat(Installer.verify(root, List.of()).problems()).isEmpty();
    }
}
