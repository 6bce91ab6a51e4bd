package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.db.SyncState;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PlanApproval;
import dev.dpm.core.version.DebianVersion;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpm list --upgradable/--explicit/--dependency/--orphans} and {@code dpm autoremove} through the
 * command line, on a root whose index is written straight into its database (as {@code dpm update} would)
 * and whose packages, metapackages without payload, are installed in-process: no chain, no peers.
 */
class ListAndAutoremoveTest {
    @TempDir
    Path tmp;

    Path root;
    Path home;
    long block = 1;

    @BeforeEach
    void paths() {
        root = tmp.resolve("root");
        home = tmp.resolve("home");
    }

    private void release(String name, String version, String... depends) throws Exception {
        List<Dependency> deps = new ArrayList<>();
        for (String d : depends) {
            deps.add(Dependency.parse(d));
        }
        Manifest m = Manifest.builder().name(name).version(DebianVersion.parse(version)).architecture("all")
                .description(name + " package").depends(deps).build();
        ReleaseRecord r = new ReleaseRecord(name, version, m.cid().toString(), m.toCanonicalBytes(), name + " package",
                "0xpub", block, "0xtx" + block, 0, false, -1);
        block++;
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(r);
                return null;
            });
        }
    }

    private void yank(String name, String version) throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> w.index().yank(name, version, block++));
        }
    }

    private PackageManager pm() throws Exception {
        return PackageManager.builder(root).repo(Repo.open(tmp.resolve("setup-repo"))).seed(false).build();
    }

    /** app needs lib; tool needs helper; keeper needs kdep; tool, extra and keeper marked dependencies, keeper held. */
    private void installScenario() throws Exception {
        release("app", "1.0", "lib");
        release("lib", "1.0");
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

    private CapturedRun dpm(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        all.addAll(List.of("--home", home.toString(), "--root", root.toString()));
        return CapturedRun.of(all.toArray(String[]::new));
    }

    private static List<String> lines(CapturedRun r) {
        return r.out().lines().toList();
    }

    /** The line plain {@code dpm list} prints for {@code name} (its install time read from the database). */
    private String listLine(String name) throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            InstalledPackage p = db.installed().find(name).orElseThrow();
            boolean held = db.installed().held().contains(name);
            return name + " " + p.version() + " (" + p.reason().code() + (held ? ", held" : "") + ", installed "
                    + p.installedAt() + ")";
        }
    }

    private List<String> installedNames() throws Exception {
        try (LocalDatabase db = LocalDatabase.open(root)) {
            return db.installed().all().stream().map(InstalledPackage::name).toList();
        }
    }

    @Test
    void listFiltersByReasonAndOrphans() throws Exception {
        installScenario();
        CapturedRun explicit = dpm("list", "--explicit");
        assertThat(explicit.code()).as(explicit.err()).isZero();
        assertThat(lines(explicit)).containsExactly(listLine("app"));

        CapturedRun dependency = dpm("list", "--dependency");
        assertThat(dependency.code()).as(dependency.err()).isZero();
        assertThat(lines(dependency)).containsExactly(listLine("extra"), listLine("helper"), listLine("kdep"),
                listLine("keeper"), listLine("lib"), listLine("tool"));
        assertThat(listLine("keeper")).endsWith(")").contains("(dependency, held, installed ");

        CapturedRun orphans = dpm("list", "--orphans");
        assertThat(orphans.code()).as(orphans.err()).isZero();
        assertThat(lines(orphans)).containsExactly(listLine("extra"), listLine("helper"), listLine("tool"));

        CapturedRun plain = dpm("list");
        assertThat(lines(plain)).hasSize(7);

        CapturedRun both = dpm("list", "--explicit", "--orphans");
        assertThat(both.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err().strip()).contains("--explicit").contains("--orphans").contains("mutually exclusive")
                .doesNotContain("\n");
        assertThat(both.out()).isEmpty();
    }

    @Test
    void listSaysWhenAFilterSelectsNothing() throws Exception {
        CapturedRun empty = dpm("list", "--orphans");
        assertThat(empty.code()).as(empty.err()).isZero();
        assertThat(lines(empty)).containsExactly("nothing installed in " + root.toAbsolutePath().normalize());

        release("solo", "1.0");
        try (PackageManager pm = pm()) {
            pm.install(List.of("solo"), PlanApproval.ALWAYS);
        }
        assertThat(lines(dpm("list", "--dependency")))
                .containsExactly("no packages installed as dependencies in " + root.toAbsolutePath().normalize());
        assertThat(lines(dpm("list", "--orphans"))).containsExactly("no orphans in " + root.toAbsolutePath().normalize()
                + ": nothing for `dpm autoremove` to remove");
        CapturedRun none = dpm("list", "--upgradable");
        assertThat(none.code()).isZero();
        assertThat(lines(none)).containsExactly("all installed packages are at their newest release in the index, "
                + "which was never synced: run `dpm update`");
    }

    @Test
    void listUpgradableShowsTheNewestReleaseNotYankedAndHolds() throws Exception {
        installScenario();
        release("app", "2.0", "lib");
        release("app", "3.0", "lib");
        yank("app", "3.0");
        release("lib", "1.1");
        yank("lib", "1.1"); // only a yanked newer release: not upgradable
        release("keeper", "1.5", "kdep");
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.saveSyncState(new SyncState(31337, "0xregistry", 10, "0xhash", 10));
                return null;
            });
        }
        CapturedRun up = dpm("list", "--upgradable");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(lines(up)).containsExactly("app 1.0 -> 2.0", "keeper 1.0 -> 1.5, held");

        yank("app", "2.0");
        yank("keeper", "1.5");
        CapturedRun none = dpm("list", "--upgradable");
        assertThat(none.code()).isZero();
        assertThat(lines(none)).containsExactly("all installed packages are at their newest release");
    }

    @Test
    void autoremoveRemovesTheOrphansKeepingExplicitAndHeldPackages() throws Exception {
        installScenario();
        List<String> before = installedNames();
        assertThat(before).containsExactly("app", "extra", "helper", "kdep", "keeper", "lib", "tool");

        CapturedRun dry = dpm("autoremove", "--dry-run");
        assertThat(dry.code()).as(dry.err()).isZero();
        List<String> dryLines = lines(dry);
        assertThat(dryLines).filteredOn(l -> l.startsWith("remove: ")).singleElement()
                .satisfies(l -> assertThat(l.substring("remove: ".length()).split(", "))
                        .containsExactlyInAnyOrder("extra 1.0", "helper 1.0", "tool 1.0"));
        assertThat(dryLines).last().isEqualTo("dry run: nothing fetched, nothing changed");
        assertThat(dry.out()).doesNotContain("install:").doesNotContain("upgrade:").doesNotContain("done:");
        assertThat(installedNames()).as("a dry run changes nothing").isEqualTo(before);

        CapturedRun done = dpm("autoremove", "--yes");
        assertThat(done.code()).as(done.err()).isZero();
        assertThat(lines(done)).anyMatch(l -> l.matches("done: 3 package changes, 0 files written, 0 removed "
                + "\\(transaction [^ ]+\\)"));
        assertThat(installedNames()).containsExactly("app", "kdep", "keeper", "lib");
        assertThat(lines(dpm("hold"))).containsExactly("keeper 1.0");

        CapturedRun again = dpm("autoremove", "--yes");
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(lines(again)).containsExactly("nothing to remove");
        assertThat(installedNames()).containsExactly("app", "kdep", "keeper", "lib");
    }

    @Test
    void autoremoveDeclinedAtThePromptChangesNothing() throws Exception {
        installScenario();
        List<String> before = installedNames();
        PlanPrompt.Terminal saved = PlanPrompt.terminal;
        PlanPrompt.terminal = new PlanPrompt.Terminal() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String readLine() {
                return "n";
            }
        };
        try {
            CapturedRun no = dpm("autoremove");
            assertThat(no.code()).isEqualTo(PmExitCodes.DECLINED);
            assertThat(no.out()).contains("Proceed? [Y/n] ").contains("aborted: nothing changed");
        } finally {
            PlanPrompt.terminal = saved;
        }
        assertThat(installedNames()).isEqualTo(before);
    }

    @Test
    void whySaysWhyAPackageIsInstalled() throws Exception {
        installScenario();
        release("libx", "1.0");
        release("liby", "1.0", "libx");
        release("top", "1.0", "liby (>= 1)");
        try (PackageManager pm = pm()) {
            pm.install(List.of("top"), PlanApproval.ALWAYS);
        }
        CapturedRun explicit = dpm("why", "app");
        assertThat(explicit.code()).as(explicit.err()).isZero();
        assertThat(lines(explicit)).containsExactly("app 1.0 was installed explicitly");

        CapturedRun deep = dpm("why", "libx");
        assertThat(deep.code()).as(deep.err()).isZero();
        assertThat(lines(deep)).containsExactly("libx 1.0 is needed by top, which was installed explicitly:",
                "  top 1.0 (explicit) depends on liby (>= 1)",
                "  liby 1.0 depends on libx",
                "  libx 1.0");

        CapturedRun orphan = dpm("why", "helper");
        assertThat(orphan.code()).as(orphan.err()).isZero();
        assertThat(lines(orphan)).containsExactly("helper 1.0 was installed as a dependency and no explicitly installed"
                + " package needs it any more: `dpm autoremove` removes it");
        assertThat(lines(dpm("why", "keeper"))).containsExactly("keeper 1.0 was installed as a dependency and no"
                + " explicitly installed package needs it any more, but it is held: `dpm autoremove` keeps it");
        assertThat(lines(dpm("why", "kdep"))).containsExactly("kdep 1.0 was installed as a dependency and no"
                + " explicitly installed package needs it any more, but a held package needs it: `dpm autoremove` keeps it");

        CapturedRun missing = dpm("why", "nosuch");
        assertThat(missing.code()).isEqualTo(PmExitCodes.NOT_FOUND);
        assertThat(missing.err().strip()).isEqualTo("dpm: nosuch is not installed in " + root);
    }
}
