package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.db.InstallReason;
import dev.dpm.core.install.ConfigFileNote.Outcome;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dpkg's conffile rules (pacman's .pacnew/.pacsave) in the installer: an administrator's change survives. */
class ConfigFilesTest {
    @TempDir
    Path root;

    private static final String CONF = "etc/hello/hello.conf";

    private static TestPackage hello(String version, String conf) {
        return TestPackage.of("hello", version).dir("etc", 0755).dir("etc/hello", 0755)
                .conffile(CONF, 0640, conf)
                .file("usr/bin/hello", 0755, "hello " + version)
                .build();
    }

    private TransactionResult install(TestPackage pkg) throws Exception {
        return run(InstallPlan.builder().install(pkg.manifest(), pkg.content(), InstallReason.EXPLICIT).build());
    }

    private TransactionResult remove(String name) throws Exception {
        return run(InstallPlan.builder().remove(name).build());
    }

    private TransactionResult run(InstallPlan plan) throws Exception {
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(plan);
            return tx.commit();
        }
    }

    private String read(String path) throws Exception {
        return Files.readString(root.resolve(path));
    }

    private void edit(String text) throws Exception {
        Files.writeString(root.resolve(CONF), text);
    }

    @Test
    void anUnchangedConfigFileIsReplacedByTheNewVersion() throws Exception {
        install(hello("1.0", "port = 1\n"));
        TransactionResult r = install(hello("2.0", "port = 2\n"));
        assertThat(read(CONF)).isEqualTo("port = 2\n");
        assertThat(r.configFiles()).isEmpty();
        assertThat(root.resolve(CONF + ".dpmnew")).doesNotExist();
    }

    @Test
    void aChangedConfigFileIsKeptWhenTheNewReleaseShipsTheSameVersion() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        TransactionResult r = install(hello("1.1", "port = 1\n"));
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.1");
        assertThat(root.resolve(CONF + ".dpmnew")).doesNotExist();
        assertThat(r.configFiles()).containsExactly(new ConfigFileNote("hello", CONF, Outcome.KEPT, null));
    }

    @Test
    void aChangedConfigFileIsKeptAndTheNewVersionWrittenBesideIt() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        Files.setPosixFilePermissions(root.resolve(CONF), PosixFilePermissions.fromString("rw-------"));
        TransactionResult r = install(hello("2.0", "port = 2\nlog = on\n"));
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(CONF))))
                .as("the administrator's file is left exactly as it was").isEqualTo("rw-------");
        assertThat(read(CONF + ".dpmnew")).isEqualTo("port = 2\nlog = on\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(CONF + ".dpmnew"))))
                .isEqualTo("rw-r-----");
        assertThat(r.configFiles()).containsExactly(
                new ConfigFileNote("hello", CONF, Outcome.NEW_VERSION_BESIDE, CONF + ".dpmnew"));
        // the next upgrade compares with what 2.0 shipped: the file is still changed, a newer .dpmnew replaces the old
        TransactionResult r3 = install(hello("3.0", "port = 3\n"));
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read(CONF + ".dpmnew")).isEqualTo("port = 3\n");
        assertThat(r3.configFiles()).extracting(ConfigFileNote::outcome).containsExactly(Outcome.NEW_VERSION_BESIDE);
        // the administrator merges by taking 3.0's version: from then on the file is unchanged and upgrades replace it
        Files.move(root.resolve(CONF + ".dpmnew"), root.resolve(CONF), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        TransactionResult r4 = install(hello("4.0", "port = 4\n"));
        assertThat(read(CONF)).isEqualTo("port = 4\n");
        assertThat(r4.configFiles()).isEmpty();
    }

    @Test
    void aReinstallKeepsAChangedConfigFileButRepairsTheOtherFiles() throws Exception {
        TestPackage one = hello("1.0", "port = 1\n");
        install(one);
        edit("port = 8080\n");
        Files.writeString(root.resolve("usr/bin/hello"), "damaged");
        TransactionResult r = install(one);
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.0");
        assertThat(r.configFiles()).extracting(ConfigFileNote::outcome).containsExactly(Outcome.KEPT);
        VerifyReport v = Installer.verify(root, List.of());
        assertThat(v.ok()).isTrue();
        assertThat(v.problems()).isEmpty();
        assertThat(v.changedConfig()).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo(CONF);
            assertThat(p.kind()).isEqualTo(VerifyReport.Kind.MODIFIED);
        });
    }

    @Test
    void aDeletedConfigFileIsInstalledAgain() throws Exception {
        install(hello("1.0", "port = 1\n"));
        Files.delete(root.resolve(CONF));
        TransactionResult r = install(hello("2.0", "port = 2\n"));
        assertThat(read(CONF)).isEqualTo("port = 2\n");
        assertThat(r.configFiles()).isEmpty();
    }

    @Test
    void removeDeletesAnUnchangedConfigFileAndSavesAChangedOne() throws Exception {
        install(hello("1.0", "port = 1\n"));
        TransactionResult plain = remove("hello");
        assertThat(root.resolve("etc/hello")).doesNotExist();
        assertThat(plain.configFiles()).isEmpty();

        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        TransactionResult r = remove("hello");
        assertThat(root.resolve(CONF)).doesNotExist();
        assertThat(read(CONF + ".dpmsave")).isEqualTo("port = 8080\n");
        assertThat(r.configFiles()).containsExactly(new ConfigFileNote("hello", CONF, Outcome.SAVED, CONF + ".dpmsave"));
        assertThat(root.resolve("usr/bin/hello")).doesNotExist();
        // usr/bin/hello and etc/hello/hello.conf (moved to .dpmsave); etc/ and etc/hello/ stay, so are not counted
        assertThat(r.filesRemoved()).isEqualTo(2);

        // a second save never overwrites the first
        install(hello("1.0", "port = 1\n"));
        edit("port = 9090\n");
        TransactionResult again = remove("hello");
        assertThat(read(CONF + ".dpmsave")).isEqualTo("port = 8080\n");
        assertThat(read(CONF + ".dpmsave.1")).isEqualTo("port = 9090\n");
        assertThat(again.configFiles()).extracting(ConfigFileNote::otherPath).containsExactly(CONF + ".dpmsave.1");
    }

    @Test
    void anUpgradeThatDropsAChangedConfigFileSavesIt() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        TestPackage without = TestPackage.of("hello", "2.0").file("usr/bin/hello", 0755, "hello 2.0").build();
        TransactionResult r = install(without);
        assertThat(root.resolve(CONF)).doesNotExist();
        assertThat(read(CONF + ".dpmsave")).isEqualTo("port = 8080\n");
        assertThat(r.configFiles()).extracting(ConfigFileNote::outcome).containsExactly(Outcome.SAVED);
    }

    @Test
    void aFailedTransactionPutsTheChangedConfigFileBack() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        TestPackage without = TestPackage.of("hello", "2.0").file("usr/bin/hello", 0755, "hello 2.0")
                .file("usr/share/hello/NEW", 0644, "new").build();
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(InstallPlan.builder().install(without.manifest(), without.content(), InstallReason.EXPLICIT).build());
            // something appears where a new file goes after the plan was checked: moving it into place fails,
            // after the changed configuration file was already moved to .dpmsave
            Files.createDirectories(root.resolve("usr/share/hello/NEW/in-the-way"));
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionException.class).hasMessageContaining("rolled back");
        }
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(root.resolve(CONF + ".dpmsave")).doesNotExist();
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.0");
    }

    @Test
    void aChangedFileThatIsNotAConfigFileIsStillOverwrittenAndReportedByVerify() throws Exception {
        install(hello("1.0", "port = 1\n"));
        Files.writeString(root.resolve("usr/bin/hello"), "changed");
        VerifyReport v = Installer.verify(root, List.of());
        assertThat(v.ok()).isFalse();
        assertThat(v.problems()).extracting(VerifyReport.Problem::path).containsExactly("usr/bin/hello");
        assertThat(v.changedConfig()).isEmpty();
        TransactionResult r = install(hello("2.0", "port = 1\n"));
        assertThat(read("usr/bin/hello")).isEqualTo("hello 2.0");
        assertThat(r.configFiles()).isEmpty();
        assertThat(Files.exists(root.resolve("usr/bin/hello.dpmnew"), LinkOption.NOFOLLOW_LINKS)).isFalse();
    }

    @Test
    void theNamesBesideAChangedConfigFileNeverTakeAPackagesPath() throws Exception {
        // a package owns the path a .dpmnew would take: refused before anything is touched
        TestPackage squatter = TestPackage.of("squatter", "1").file(CONF + ".dpmnew", 0644, "mine").build();
        install(hello("1.0", "port = 1\n"));
        install(squatter);
        edit("port = 8080\n");
        TestPackage two = hello("2.0", "port = 2\n");
        assertThatThrownBy(() -> install(two)).isInstanceOf(TransactionException.class)
                .hasMessageContaining(CONF + ".dpmnew, where its new version would go, belongs to a package");
        assertThat(read(CONF + ".dpmnew")).isEqualTo("mine");
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.0");

        // a package of the same transaction installs the .dpmsave path: the save takes the next free name
        TestPackage saver = TestPackage.of("saver", "1").file(CONF + ".dpmsave", 0644, "theirs").build();
        TransactionResult r = run(InstallPlan.builder().remove("hello")
                .install(saver.manifest(), saver.content(), InstallReason.EXPLICIT).build());
        assertThat(read(CONF + ".dpmsave")).isEqualTo("theirs");
        assertThat(read(CONF + ".dpmsave.1")).isEqualTo("port = 8080\n");
        assertThat(r.configFiles()).extracting(ConfigFileNote::otherPath).containsExactly(CONF + ".dpmsave.1");
    }

    @Test
    void theDpmnewPathOfAPackageRemovedInTheSameTransactionIsFree() throws Exception {
        TestPackage squatter = TestPackage.of("squatter", "1").file(CONF + ".dpmnew", 0644, "mine").build();
        install(hello("1.0", "port = 1\n"));
        install(squatter);
        edit("port = 8080\n");
        TestPackage two = hello("2.0", "port = 2\n");
        TransactionResult r = run(InstallPlan.builder().remove("squatter")
                .install(two.manifest(), two.content(), InstallReason.EXPLICIT).build());
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read(CONF + ".dpmnew")).isEqualTo("port = 2\n");
        assertThat(r.configFiles()).containsExactly(
                new ConfigFileNote("hello", CONF, Outcome.NEW_VERSION_BESIDE, CONF + ".dpmnew"));
    }

    @Test
    void aDirectoryThatWouldHoldASavedConfigFileCannotBecomeAFileAndIsRefusedBeforeAnythingIsTouched() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        // 2.0 replaces the directory etc/hello by a file: the changed etc/hello/hello.conf would be saved inside it
        TestPackage two = TestPackage.of("hello", "2.0").dir("etc", 0755).file("etc/hello", 0644, "now a file\n")
                .file("usr/bin/hello", 0755, "hello 2.0").build();
        try (Transaction tx = Installer.begin(root)) {
            assertThatThrownBy(() -> tx.prepare(InstallPlan.builder()
                    .install(two.manifest(), two.content(), InstallReason.EXPLICIT).build()))
                    .isInstanceOf(FileConflictException.class).hasMessageContaining("etc/hello")
                    .hasMessageContaining(CONF);
        }
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.0");
        // unchanged, nothing is in the way: the directory becomes the file
        edit("port = 1\n");
        install(two);
        assertThat(read("etc/hello")).isEqualTo("now a file\n");
    }

    @Test
    void aChangedConfigFileThatANewReleaseTurnsIntoASymlinkIsSaved() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        TestPackage linked = TestPackage.of("hello", "2.0").dir("etc", 0755).dir("etc/hello", 0755)
                .file("etc/hello/default.conf", 0644, "port = 2\n").symlink(CONF, "default.conf")
                .file("usr/bin/hello", 0755, "hello 2.0").build();
        TransactionResult r = install(linked);
        // before: the changed file was moved aside to staging with the old files and deleted at cleanup
        assertThat(Files.readSymbolicLink(root.resolve(CONF))).isEqualTo(Path.of("default.conf"));
        assertThat(read(CONF + ".dpmsave")).isEqualTo("port = 8080\n");
        assertThat(r.configFiles()).containsExactly(new ConfigFileNote("hello", CONF, Outcome.SAVED, CONF + ".dpmsave"));
        // an unchanged one is simply replaced
        install(hello("3.0", "port = 3\n"));
        TestPackage relinked = TestPackage.of("hello", "4.0").dir("etc", 0755).dir("etc/hello", 0755)
                .file("etc/hello/default.conf", 0644, "port = 4\n").symlink(CONF, "default.conf")
                .file("usr/bin/hello", 0755, "hello 4.0").build();
        TransactionResult again = install(relinked);
        assertThat(again.configFiles()).isEmpty();
        assertThat(Files.isSymbolicLink(root.resolve(CONF))).isTrue();
        assertThat(root.resolve(CONF + ".dpmsave.1")).doesNotExist();
    }

    @Test
    void anUnreadableInstalledManifestStopsTheTransactionRatherThanLoseAChangedConfigFile() throws Exception {
        install(hello("1.0", "port = 1\n"));
        edit("port = 8080\n");
        // a damaged database: the recorded manifest no longer decodes, so which files are configuration is unknown
        try (dev.dpm.core.db.LocalDatabase db = dev.dpm.core.db.LocalDatabase.open(root)) {
            dev.dpm.core.db.InstalledPackage p = db.installed().find("hello").orElseThrow();
            List<dev.dpm.core.db.InstalledFile> files = db.installed().files("hello");
            db.write(w -> {
                w.installed().put(new dev.dpm.core.db.InstalledPackage(p.name(), p.version(), p.manifestCid(),
                        "{not a manifest".getBytes(java.nio.charset.StandardCharsets.UTF_8), p.reason(), p.installedAt()),
                        files);
                return null;
            });
        }
        assertThatThrownBy(() -> remove("hello")).isInstanceOf(dev.dpm.core.DpmException.class)
                .hasMessageContaining("installed package hello has an unreadable manifest");
        assertThat(read(CONF)).isEqualTo("port = 8080\n");
        assertThat(read("usr/bin/hello")).isEqualTo("hello 1.0");
    }
}
