package dev.dpm.core.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.repo.Repo;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.SyncState;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Plan;
import dev.dpm.core.version.DebianVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code list --upgradable/--explicit/--dependency/--orphans} and {@code autoremove} on metapackages (no
 * payload: nothing to fetch) whose releases are written straight into the root's index, as
 * {@code dpm update} would.
 */
class PackageManagerListTest {
    @TempDir
    Path tmp;

    Path root;
    long block = 1;

    @BeforeEach
    void paths() {
        root = tmp.resolve("root");
    }

    /** Puts release {@code name version} (depending on each of {@code depends}) into the root's index. */
    private void release(String name, String version, String... depends) throws Exception {
        List<Dependency> deps = new ArrayList<>();
        for (String d : depends) {
            deps.add(Dependency.parse(d));
        }
        Manifest m = Manifest.builder().name(name).version(DebianVersion.parse(version)).architecture("all")
                .description(name + " package").depends(deps).build();
        TestIndex.put(root, m, block++);
    }

    private void yank(String name, String version) throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> w.index().yank(name, version, block++));
        }
    }

    private PackageManager pm() throws Exception {
        return PackageManager.builder(root).repo(Repo.open(tmp.resolve("repo"))).seed(false).build();
    }

    private static List<String> names(List<InstalledPackage> ps) {
        return ps.stream().map(InstalledPackage::name).toList();
    }

    @Test
    void upgradableListsInstalledPackagesBelowTheirNewestReleaseThatIsNotYanked() throws Exception {
        release("app", "1.0", "lib");
        release("lib", "1.0");
        release("tool", "1.0");
        release("gone", "1.0");
        try (PackageManager pm = pm()) {
            pm.install(List.of("app=1.0", "tool", "gone"), PlanApproval.ALWAYS);
            assertThat(pm.upgradable()).isEmpty();
            assertThat(pm.indexSynced()).isFalse();
        }
        release("app", "2.0", "lib");
        release("app", "3.0", "lib");
        yank("app", "3.0"); // the newest not yanked is 2.0
        release("lib", "1.5");
        yank("lib", "1.5"); // only a yanked newer release: not upgradable
        release("tool", "0.9"); // older: not upgradable
        release("gone", "2.0");
        yank("gone", "1.0"); // the installed release yanked, a newer one not
        try (PackageManager pm = pm()) {
            assertThat(pm.upgradable()).containsExactly(
                    new PackageManager.Upgradable("app", "1.0", "2.0", false),
                    new PackageManager.Upgradable("gone", "1.0", "2.0", false));
            pm.hold(List.of("app"));
            assertThat(pm.upgradable()).containsExactly(
                    new PackageManager.Upgradable("app", "1.0", "2.0", true),
                    new PackageManager.Upgradable("gone", "1.0", "2.0", false));
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.saveSyncState(new SyncState(31337, "0xregistry", 10, "0xhash", 10));
                return null;
            });
        }
        try (PackageManager pm = pm()) {
            assertThat(pm.indexSynced()).isTrue();
        }
    }

    /**
     * app needs lib needs base (kept: app is explicit); tool needs helper, extra needs nothing, keeper needs
     * kdep: all four marked as dependencies, keeper held.
     */
    private void installScenario() throws Exception {
        release("app", "1.0", "lib");
        release("lib", "1.0", "base");
        release("base", "1.0");
        release("tool", "1.0", "helper");
        release("helper", "1.0");
        release("extra", "1.0");
        release("keeper", "1.0", "kdep");
        release("kdep", "1.0");
        try (PackageManager pm = pm()) {
            pm.install(List.of("app", "tool", "extra", "keeper"), PlanApproval.ALWAYS);
            pm.mark(List.of("tool", "extra", "keeper"), InstallReason.DEPENDENCY);
            pm.hold(List.of("keeper"));
        }
    }

    @Test
    void listByReasonAndOrphansLeavingHeldPackagesAndWhatTheyNeed() throws Exception {
        installScenario();
        try (PackageManager pm = pm()) {
            assertThat(names(pm.list(InstallReason.EXPLICIT))).containsExactly("app");
            assertThat(names(pm.list(InstallReason.DEPENDENCY)))
                    .containsExactly("base", "extra", "helper", "kdep", "keeper", "lib", "tool");
            // keeper is held (and kdep is what it needs): never an orphan to remove
            assertThat(names(pm.orphans())).containsExactly("extra", "helper", "tool");
        }
    }

    @Test
    void autoremoveRemovesExactlyTheOrphansInOneTransaction() throws Exception {
        installScenario();
        try (PackageManager pm = pm()) {
            List<Plan> shown = new ArrayList<>();
            OperationResult declined = pm.autoremove(plan -> {
                shown.add(plan);
                return false;
            });
            assertThat(declined.status()).isEqualTo(OperationResult.Status.DECLINED);
            assertThat(shown).hasSize(1);
            assertThat(shown.get(0).remove().stream().map(Candidate::name).sorted())
                    .containsExactly("extra", "helper", "tool");
            assertThat(shown.get(0).install()).isEmpty();
            assertThat(shown.get(0).upgrade()).isEmpty();
            assertThat(names(pm.list())).as("declined: nothing changed")
                    .containsExactly("app", "base", "extra", "helper", "kdep", "keeper", "lib", "tool");

            OperationResult done = pm.autoremove(PlanApproval.ALWAYS);
            assertThat(done.status()).isEqualTo(OperationResult.Status.DONE);
            assertThat(done.transaction().changes().stream().map(HistoryEntry::packageName).sorted())
                    .containsExactly("extra", "helper", "tool");
            assertThat(names(pm.list())).containsExactly("app", "base", "kdep", "keeper", "lib");
            assertThat(pm.held()).containsExactly("keeper");
            assertThat(pm.orphans()).isEmpty();
            long transactions = pm.history().stream().map(HistoryEntry::transactionId).distinct().count();

            List<Plan> asked = new ArrayList<>();
            OperationResult nothing = pm.autoremove(plan -> {
                asked.add(plan);
                return true;
            });
            assertThat(nothing.status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);
            assertThat(asked).as("nothing to approve").isEmpty();
            assertThat(pm.history().stream().map(HistoryEntry::transactionId).distinct().count()).isEqualTo(transactions);

            pm.unhold(List.of("keeper")); // released: keeper and what only it needed are orphans now
            assertThat(names(pm.orphans())).containsExactly("kdep", "keeper");
            assertThat(pm.autoremove(PlanApproval.ALWAYS).status()).isEqualTo(OperationResult.Status.DONE);
            assertThat(names(pm.list())).containsExactly("app", "base", "lib");
        }
    }

    @Test
    void removeWithAutoremoveKeepsWhatAHeldPackageNeeds() throws Exception {
        installScenario();
        try (PackageManager pm = pm()) {
            OperationResult r = pm.remove(List.of("app"), true, PlanApproval.ALWAYS);
            assertThat(r.status()).isEqualTo(OperationResult.Status.DONE);
            // before: kdep went too, and the held keeper was left with a dependency no package satisfied
            assertThat(r.autoremoved()).containsExactlyInAnyOrder("base", "extra", "helper", "lib", "tool");
            assertThat(names(pm.list())).containsExactly("kdep", "keeper");
            assertThat(pm.dependencyProblems(List.of())).isEmpty();
        }
    }

    @Test
    void whyFollowsTheShortestChainFromAnExplicitPackage() throws Exception {
        installScenario();
        release("short", "1.0", "base | other"); // a second, shorter way to base: short needs it directly
        try (PackageManager pm = pm()) {
            assertThat(pm.why("base")).extracting(dev.dpm.core.install.Autoremove.Link::packageName)
                    .containsExactly("app", "lib", "base");
            pm.install(List.of("short"), PlanApproval.ALWAYS);
            assertThat(pm.why("base")).containsExactly(
                    new dev.dpm.core.install.Autoremove.Link("short", "1.0", InstallReason.EXPLICIT, "base | other"),
                    new dev.dpm.core.install.Autoremove.Link("base", "1.0", InstallReason.DEPENDENCY, null));
            assertThat(pm.why("app")).containsExactly(
                    new dev.dpm.core.install.Autoremove.Link("app", "1.0", InstallReason.EXPLICIT, null));
            assertThat(pm.why("helper")).as("an orphan").isEmpty();
            assertThat(pm.why("kdep")).as("needed by a held orphan only").isEmpty();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> pm.why("nosuch"))
                    .isInstanceOf(PackageNotFoundException.class);
        }
    }
}
