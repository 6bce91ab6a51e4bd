package dev.dpm.core.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.db.InstallReason;
import dev.dpm.core.install.FileConflictException;
import dev.dpm.core.install.LockHeldException;
import dev.dpm.core.pm.HeldPackageException;
import dev.dpm.core.pm.InvalidRequestException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageNotFoundException;
import dev.dpm.core.resolve.UnsatisfiableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios in the style of pacman's test suite: a registry on a real anvil, real dpm storage nodes
 * serving the published content, packages published through the publisher, one operation of the
 * package manager, then the expected installed state.
 */
class ScenarioIT {
    private static ScenarioChain chain;

    @TempDir
    Path tmp;
    private Scenario s;

    @BeforeAll
    static void startChain() throws Exception {
        chain = ScenarioChain.start();
    }

    @AfterAll
    static void stopChain() throws Exception {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void newScenario() throws Exception {
        s = new Scenario(chain, tmp, 2);
    }

    @AfterEach
    void closeScenario() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void installsWithDependenciesModesAndSymlinks() throws Exception {
        s.pkg("app", "1.0").depends("lib (>= 1.1)").executable("usr/bin/app", "#!/bin/sh\necho app\n")
                .symlink("usr/bin/app-link", "app").publish();
        s.pkg("lib", "1.0").file("usr/lib/lib.txt", "lib 1.0").publish();
        s.pkg("lib", "1.2").file("usr/lib/lib.txt", "lib 1.2").publish();
        s.update();

        OperationResult r = s.install("app");

        assertThat(r.status()).isEqualTo(OperationResult.Status.DONE);
        assertThat(s.installed()).containsExactly("app 1.0", "lib 1.2");
        assertThat(s.installedPackages()).filteredOn(p -> p.name().equals("app")).first()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(InstallReason.EXPLICIT));
        assertThat(s.installedPackages()).filteredOn(p -> p.name().equals("lib")).first()
                .satisfies(p -> assertThat(p.reason()).isEqualTo(InstallReason.DEPENDENCY));
        assertThat(s.file("usr/lib/lib.txt")).isEqualTo("lib 1.2");
        assertThat(Files.getPosixFilePermissions(s.root().resolve("usr/bin/app")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readSymbolicLink(s.root().resolve("usr/bin/app-link"))).isEqualTo(Path.of("app"));
        assertThat(s.pm().verify(List.of()).ok()).isTrue();
        // seeding: what was installed stays pinned in the user's repository
        assertThat(s.clientRepo().pins()).hasSize(2);
        // the fetches leave syncing to the install, which syncs once: no write is left unsynced
        try (var markers = Files.newDirectoryStream(s.clientRepo().dir().resolve("blocks"),
                dev.dpm.content.FileBlockstore.UNSYNCED_MARKER + "*")) {
            assertThat(markers).isEmpty();
        }
    }

    @Test
    void conflictingPackagesAreNotInstalledTogether() throws Exception {
        s.pkg("mta-a", "1.0").conflicts("mta-b").file("usr/sbin/a", "a").publish();
        s.pkg("mta-b", "1.0").file("usr/sbin/b", "b").publish();
        s.update();

        assertThatThrownBy(() -> s.install("mta-a", "mta-b")).isInstanceOfSatisfying(UnsatisfiableException.class,
                e -> assertThat(e.reasons()).anySatisfy(r -> assertThat(r).contains("mta-a").contains("conflicts")
                        .contains("mta-b")));
        assertThat(s.installed()).isEmpty();
    }

    @Test
    void virtualPackageIsProvidedByARealOne() throws Exception {
        s.pkg("mailer", "1.0").depends("mail-transport-agent").file("usr/bin/mailer", "m").publish();
        s.pkg("postfix", "3.7").provides("mail-transport-agent").file("usr/sbin/postfix", "p").publish();
        s.update();

        s.install("mailer");

        assertThat(s.installed()).containsExactly("mailer 1.0", "postfix 3.7");
    }

    @Test
    void firstAlternativeIsPreferred() throws Exception {
        s.pkg("editor-user", "1.0").depends("vim | nano").file("usr/bin/eu", "eu").publish();
        s.pkg("nano", "7.2").file("usr/bin/nano", "nano").publish();
        s.pkg("vim", "9.0").file("usr/bin/vim", "vim").publish();
        s.update();

        s.install("editor-user");

        assertThat(s.installed()).containsExactly("editor-user 1.0", "vim 9.0");
    }

    @Test
    void upgradeMovesToTheNewestReleaseAndReplacesFiles() throws Exception {
        s.pkg("tool", "1.0").file("usr/bin/tool", "tool 1.0").file("usr/share/tool/old", "old").publish();
        s.update();
        s.install("tool");
        s.pkg("tool", "1.1").file("usr/bin/tool", "tool 1.1").publish();
        s.update();

        OperationResult r = s.upgrade();

        assertThat(r.plan().upgrade()).hasSize(1);
        assertThat(s.installed()).containsExactly("tool 1.1");
        assertThat(s.file("usr/bin/tool")).isEqualTo("tool 1.1");
        assertThat(s.root().resolve("usr/share/tool/old")).doesNotExist();
        assertThat(s.pm().history()).extracting(h -> h.action().name()).containsExactly("INSTALL", "UPGRADE");
        assertThat(s.upgrade().status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);
    }

    @Test
    void removeWithAutoremoveTakesOrphanedDependencies() throws Exception {
        s.pkg("app", "1.0").depends("lib").file("usr/bin/app", "app").publish();
        s.pkg("lib", "1.0").file("usr/lib/lib", "lib").publish();
        s.pkg("other", "1.0").file("usr/bin/other", "other").publish();
        s.update();
        s.install("app", "other");

        OperationResult r = s.remove(true, "app");

        assertThat(r.autoremoved()).containsExactly("lib");
        assertThat(s.installed()).containsExactly("other 1.0");
        assertThat(s.root().resolve("usr/lib/lib")).doesNotExist();
        assertThat(s.clientRepo().pins()).hasSize(1);
    }

    @Test
    void askingForAnInstalledDependencyByNameKeepsItFromAutoremove() throws Exception {
        s.pkg("app", "1.0").depends("lib").file("usr/bin/app", "app").publish();
        s.pkg("lib", "1.0").file("usr/lib/lib", "lib").publish();
        s.update();
        s.install("app");

        assertThat(s.install("lib").status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);
        s.remove(true, "app");

        assertThat(s.installed()).containsExactly("lib 1.0");
    }

    @Test
    void removeWithoutAutoremoveKeepsDependencies() throws Exception {
        s.pkg("app", "1.0").depends("lib").file("usr/bin/app", "app").publish();
        s.pkg("lib", "1.0").file("usr/lib/lib", "lib").publish();
        s.update();
        s.install("app");

        s.remove(false, "app");

        assertThat(s.installed()).containsExactly("lib 1.0");
    }

    @Test
    void yankedReleaseIsNeverInstalledAndUpgradeReportsInstalledYanks() throws Exception {
        s.pkg("lib", "1.0").file("usr/lib/lib", "1.0").publish();
        s.pkg("lib", "2.0").file("usr/lib/lib", "2.0").publish();
        s.yank("lib", "2.0");
        s.update();

        s.install("lib");
        assertThat(s.installed()).containsExactly("lib 1.0");
        assertThatThrownBy(() -> s.install("lib=2.0")).isInstanceOf(UnsatisfiableException.class);

        s.yank("lib", "1.0");
        s.update();
        OperationResult r = s.upgrade();
        assertThat(r.yanked()).containsExactly("lib 1.0");
        assertThat(s.installed()).containsExactly("lib 1.0");
        assertThat(s.pm().info("lib").releases()).allSatisfy(rel -> assertThat(rel.yanked()).isTrue());
    }

    @Test
    void installedVersionIsNeverLoweredSilently() throws Exception {
        s.pkg("lib", "1.0").file("usr/lib/lib", "1.0").publish();
        s.pkg("lib", "2.0").file("usr/lib/lib", "2.0").publish();
        s.pkg("old-app", "1.0").depends("lib (<< 2)").file("usr/bin/old-app", "old").publish();
        s.update();
        s.install("lib");
        assertThat(s.installed()).containsExactly("lib 2.0");

        assertThatThrownBy(() -> s.install("old-app")).isInstanceOfSatisfying(UnsatisfiableException.class,
                e -> assertThat(String.join(" ", e.reasons())).contains("old-app").contains("lib"));
        assertThat(s.installed()).containsExactly("lib 2.0");

        // asking for the version by name is a downgrade on purpose
        s.install("lib=1.0");
        assertThat(s.installed()).containsExactly("lib 1.0");
    }

    @Test
    void unsatisfiableRequestIsExplainedAlongTheDependencyChain() throws Exception {
        s.pkg("app", "1.0").depends("mid").file("usr/bin/app", "app").publish();
        s.pkg("mid", "1.0").depends("base (>= 5)").file("usr/lib/mid", "mid").publish();
        s.pkg("base", "1.0").file("usr/lib/base", "base").publish();
        s.update();

        assertThatThrownBy(() -> s.install("app")).isInstanceOfSatisfying(UnsatisfiableException.class, e -> {
            String all = String.join("\n", e.reasons());
            assertThat(all).contains("app").contains("mid").contains("base (>= 5)");
        });
        assertThat(s.installed()).isEmpty();
    }

    @Test
    void aHeldPackageIsKeptBackAndNeverChangedUntilReleased() throws Exception {
        s.pkg("lib", "1.0").file("usr/lib/lib", "1.0").publish();
        s.pkg("app", "1.0").depends("lib").file("usr/bin/app", "1.0").publish();
        s.pkg("tool", "1.0").file("usr/bin/tool", "1.0").publish();
        s.update();
        s.install("app", "tool");
        assertThat(s.pm().hold(List.of("lib"))).containsExactly("lib");
        assertThat(s.pm().hold(List.of("lib"))).isEmpty(); // held already
        s.pkg("lib", "2.0").file("usr/lib/lib", "2.0").publish();
        s.pkg("app", "1.1").depends("lib (>= 2)").file("usr/bin/app", "1.1").publish();
        s.pkg("tool", "1.1").file("usr/bin/tool", "1.1").publish();
        s.update();

        s.reopen(); // the hold is in the database, not in this process
        OperationResult r = s.upgrade();
        // lib stays, so app (which now needs lib >= 2) is kept back; tool moves on
        assertThat(r.plan().upgrade()).extracting(u -> u.to().name()).containsExactly("tool");
        assertThat(r.keptBack()).containsExactly("app 1.0 (1.1 available)", "lib 1.0 (2.0 available, held)");
        assertThat(s.pm().info("lib").held()).isTrue();
        assertThat(s.pm().info("lib").requiredBy()).containsExactly("app");
        assertThat(s.pm().info("app").held()).isFalse();
        assertThat(s.pm().info("app").requiredBy()).isEmpty();
        assertThat(s.installed()).containsExactly("app 1.0", "lib 1.0", "tool 1.1");
        assertThat(s.file("usr/lib/lib")).isEqualTo("1.0");

        assertThatThrownBy(() -> s.install("lib=2.0")).isInstanceOf(HeldPackageException.class)
                .hasMessageContaining("lib is held at 1.0").hasMessageContaining("dpm unhold lib");
        assertThatThrownBy(() -> s.remove(false, "lib")).isInstanceOf(HeldPackageException.class)
                .hasMessageContaining("refusing to remove it");
        assertThatThrownBy(() -> s.install("app=1.1")).isInstanceOf(UnsatisfiableException.class);
        assertThat(s.install("lib").status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);
        assertThat(s.installed()).containsExactly("app 1.0", "lib 1.0", "tool 1.1");
        // removing its last user does not autoremove a held dependency
        s.pm().mark(List.of("lib"), InstallReason.DEPENDENCY);
        assertThat(s.remove(true, "app").autoremoved()).isEmpty();
        assertThat(s.installed()).containsExactly("lib 1.0", "tool 1.1");

        assertThat(s.pm().unhold(List.of("lib"))).containsExactly("lib");
        assertThat(s.pm().held()).isEmpty();
        s.install("app");
        s.upgrade();
        assertThat(s.installed()).containsExactly("app 1.1", "lib 2.0", "tool 1.1");
        assertThatThrownBy(() -> s.pm().hold(List.of("nothere"))).isInstanceOf(PackageNotFoundException.class)
                .hasMessageContaining("nothere is not installed");
    }

    @Test
    void removingAPackageLeavesAPublishersPinOfItsPayload() throws Exception {
        s.pkg("tool", "1.0").file("usr/bin/tool", "t").publish();
        s.update();
        s.install("tool");
        var payload = s.pm().info("tool").releases().get(0).manifest().payload();
        String seed = s.pm().seedHolder();
        assertThat(s.clientRepo().holders().get(payload)).containsExactly(seed);
        s.clientRepo().pin(payload); // this home also publishes it, say

        s.remove(false, "tool");

        assertThat(s.clientRepo().holders().get(payload)).containsExactly(dev.dpm.content.repo.Repo.DIRECT);
        s.clientRepo().gc(); // takes the unpinned manifest block, not the payload
        assertThat(s.clientRepo().blockstore().has(payload)).isTrue();
        s.clientRepo().unpin(payload);
        assertThat(s.clientRepo().pins()).isEmpty();
    }

    @Test
    void reinstallRepairsAModifiedFile() throws Exception {
        s.pkg("tool", "1.0").executable("usr/bin/tool", "tool 1.0").file("usr/share/tool/data", "data").publish();
        s.update();
        s.install("tool");
        Files.writeString(s.root().resolve("usr/bin/tool"), "tampered");
        Files.delete(s.root().resolve("usr/share/tool/data"));
        assertThat(s.pm().verify(List.of()).ok()).isFalse();
        assertThat(s.install("tool").status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);

        java.util.concurrent.atomic.AtomicReference<dev.dpm.core.pm.PlanSizes> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        OperationResult r = s.pm().install(List.of("tool"), true, new dev.dpm.core.pm.PlanApproval() {
            @Override
            public boolean approve(dev.dpm.core.resolve.Plan plan) {
                return true;
            }

            @Override
            public boolean approve(dev.dpm.core.resolve.Plan plan, dev.dpm.core.pm.PlanSizes sizes) {
                seen.set(sizes);
                return true;
            }
        });
        // the payload is still in the repository (installed from it), and the same release replaces itself
        assertThat(seen.get()).isEqualTo(new dev.dpm.core.pm.PlanSizes(0, 0, 0));

        assertThat(r.status()).isEqualTo(OperationResult.Status.DONE);
        assertThat(r.plan().upgrade()).extracting(u -> u.from().version().toString() + "->" + u.to().version())
                .containsExactly("1.0->1.0");
        assertThat(s.file("usr/bin/tool")).isEqualTo("tool 1.0");
        assertThat(s.file("usr/share/tool/data")).isEqualTo("data");
        assertThat(Files.isExecutable(s.root().resolve("usr/bin/tool"))).isTrue();
        assertThat(s.pm().verify(List.of()).ok()).isTrue();
        assertThat(s.installed()).containsExactly("tool 1.0");
        assertThat(s.pm().history()).extracting(h -> h.action().name()).containsExactly("INSTALL", "REINSTALL");
    }

    @Test
    void installingAnInstalledPackageByNameUpgradesItAlone() throws Exception {
        s.pkg("tool", "1.0").file("usr/bin/tool", "tool 1.0").publish();
        s.pkg("other", "1.0").file("usr/bin/other", "other 1.0").publish();
        s.update();
        s.install("tool", "other");
        s.pkg("tool", "1.1").file("usr/bin/tool", "tool 1.1").publish();
        s.pkg("other", "1.1").file("usr/bin/other", "other 1.1").publish();
        s.update();

        OperationResult r = s.install("tool"); // as apt install NAME: this one to its newest, the rest stays

        assertThat(r.plan().upgrade()).extracting(u -> u.to().toString()).containsExactly("tool 1.1");
        assertThat(s.installed()).containsExactly("other 1.0", "tool 1.1");
    }

    @Test
    void markDecidesWhatAutoremoveTakes() throws Exception {
        s.pkg("app", "1.0").depends("lib").file("usr/bin/app", "app").publish();
        s.pkg("lib", "1.0").file("usr/lib/lib", "lib").publish();
        s.update();
        s.install("app");
        assertThat(s.installedPackages()).filteredOn(p -> p.name().equals("lib"))
                .extracting(p -> p.reason()).containsExactly(InstallReason.DEPENDENCY);

        assertThat(s.pm().mark(List.of("lib"), InstallReason.EXPLICIT)).containsExactly("lib");
        assertThat(s.pm().mark(List.of("lib"), InstallReason.EXPLICIT)).isEmpty();
        s.remove(true, "app");

        assertThat(s.installed()).containsExactly("lib 1.0");
        assertThatThrownBy(() -> s.pm().mark(List.of("app"), InstallReason.EXPLICIT))
                .isInstanceOf(PackageNotFoundException.class).hasMessageContaining("app is not installed");
    }

    @Test
    void filesAndOwnersAnswerFromTheDatabase() throws Exception {
        s.pkg("tool", "1.0").file("usr/bin/tool", "t").symlink("usr/bin/t", "tool").publish();
        s.pkg("other", "1.0").file("usr/bin/other", "o").publish();
        s.update();
        s.install("tool", "other");

        assertThat(s.pm().files("tool")).extracting(f -> f.path())
                .contains("usr/bin/tool", "usr/bin/t", "usr/bin").isSorted();
        assertThat(s.pm().owners("usr/bin/tool")).extracting(f -> f.owner()).containsExactly("tool");
        assertThat(s.pm().owners(s.root().toAbsolutePath() + "/usr/bin/./t")).extracting(f -> f.owner())
                .containsExactly("tool");
        assertThat(s.pm().owners("usr/bin/")).extracting(f -> f.owner()).containsExactly("other", "tool");
        assertThat(s.pm().owners("/usr/bin/other")).extracting(f -> f.owner()).containsExactly("other");
        assertThatThrownBy(() -> s.pm().owners("usr/bin/none")).isInstanceOf(PackageNotFoundException.class)
                .hasMessageContaining("no installed package owns /usr/bin/none");
        assertThatThrownBy(() -> s.pm().owners("/etc/passwd")).isInstanceOf(PackageNotFoundException.class)
                .hasMessageContaining("no installed package owns /etc/passwd");
        assertThatThrownBy(() -> s.pm().owners("../outside")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("names no path inside the install root");
        assertThatThrownBy(() -> s.pm().files("nothere")).isInstanceOf(PackageNotFoundException.class);
    }

    @Test
    void fileConflictLeavesTheRootUntouched() throws Exception {
        s.pkg("one", "1.0").file("usr/share/common/data", "one").publish();
        s.pkg("two", "1.0").file("usr/share/common/data", "two").file("usr/bin/two", "two").publish();
        s.update();
        s.install("one");

        assertThatThrownBy(() -> s.install("two")).isInstanceOfSatisfying(FileConflictException.class,
                e -> assertThat(e.getMessage()).contains("usr/share/common/data").contains("one"));
        assertThat(s.installed()).containsExactly("one 1.0");
        assertThat(s.file("usr/share/common/data")).isEqualTo("one");
        assertThat(s.root().resolve("usr/bin/two")).doesNotExist();
    }

    @Test
    void lockHeldByAnotherProcessIsNamed() throws Exception {
        s.pkg("tool", "1.0").file("usr/bin/tool", "tool").publish();
        s.update();
        Path marker = tmp.resolve("marker");
        Process child = ScenarioChild.start(tmp.resolve("hold.log"), "hold", s.root().toString(), marker.toString());
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(Files.exists(marker) && Files.size(marker) > 0) && System.nanoTime() < deadline && child.isAlive()) {
                Thread.sleep(20);
            }
            assertThat(marker).as(Files.exists(tmp.resolve("hold.log")) ? Files.readString(tmp.resolve("hold.log")) : "")
                    .exists();
            assertThatThrownBy(() -> s.install("tool")).isInstanceOfSatisfying(LockHeldException.class,
                    e -> assertThat(e.holderPid()).isEqualTo(child.pid()));
            assertThat(s.installed()).isEmpty();
        } finally {
            child.destroyForcibly().waitFor(60, TimeUnit.SECONDS);
        }
        s.install("tool");
        assertThat(s.installed()).containsExactly("tool 1.0");
    }

    @Test
    void killedInstallIsRecoveredByTheNextCommand() throws Exception {
        s.pkg("big", "1.0").file("usr/share/big/a", "a").file("usr/share/big/b", "b").file("usr/share/big/c", "c")
                .file("usr/share/big/d", "d").publish();
        s.pkg("small", "1.0").file("usr/bin/small", "small").publish();
        s.update();
        s.install("small");
        s.reopen();

        Path log = tmp.resolve("crash.log");
        Process child = ScenarioChild.start(log, "crash", s.root().toString(), tmp.resolve("client-repo").toString(),
                chain.rpc(), s.registry(), s.nodes().get(0).url().toString(), "big");
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(Files.readString(log)).isEqualTo(137);

        List<String> after = s.installed(); // the next command recovers first

        assertThat(s.recoveries()).singleElement().satisfies(line -> assertThat(line).startsWith("recovered"));
        assertThat(after).isIn(List.of("small 1.0"), List.of("big 1.0", "small 1.0"));
        assertThat(s.pm().verify(List.of()).ok()).isTrue();
        if (after.size() == 1) {
            assertThat(s.root().resolve("usr/share/big")).doesNotExist();
        }
    }
}
