package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.db.FileType;
import dev.dpm.core.db.HistoryAction;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Plan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallerTest {
    @TempDir
    Path root;

    private static final TestPackage HELLO_1 = TestPackage.of("hello", "1.0-1")
            .dir("usr", 0755).dir("usr/bin", 0755)
            .file("usr/bin/hello", 0755, "#!/bin/sh\necho hello 1\n")
            .file("usr/share/doc/hello/README", 0644, "readme 1")
            .file("usr/share/doc/hello/OLD", 0600, "dropped in 2.0")
            .symlink("usr/bin/hi", "hello")
            .depends("libgreet (>= 1)")
            .build();

    private static final TestPackage HELLO_2 = TestPackage.of("hello", "2.0-1")
            .dir("usr", 0755).dir("usr/bin", 0755)
            .file("usr/bin/hello", 0750, "#!/bin/sh\necho hello 2\n")
            .file("usr/share/doc/hello/README", 0644, "readme 2")
            .file("usr/share/doc/hello/NEW", 0644, "new in 2.0")
            .symlink("usr/bin/hi", "./hello")
            .build();

    private static final TestPackage LIBGREET = TestPackage.of("libgreet", "1.2")
            .dir("usr", 0755).dir("usr/lib", 0755).dir("usr/lib/greet", 0700)
            .file("usr/lib/greet/libgreet.so", 0644, "ELF pretend")
            .symlink("usr/lib/libgreet.so.1", "greet/libgreet.so")
            .build();

    private void run(InstallPlan plan) throws Exception {
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(plan);
            tx.commit();
        }
    }

    private static String perms(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aBeginEndedByAnErrorReleasesTheLock() throws Exception {
        // staging left by a transaction that died before its journal: begin discards it and tells the listener
        Files.createDirectories(root.resolve("var/lib/dpm/staging/leftover/new"));
        TransactionListener failing = new TransactionListener() {
            @Override
            public void recovered(RecoveryReport report) {
                throw new AssertionError("listener failed"); // an Error, as a listener out of memory would
            }
        };
        assertThatThrownBy(() -> Installer.begin(root, failing)).isInstanceOf(AssertionError.class);
        // before: only DpmException and RuntimeException released the lock and the database; this JVM then
        // held the root's lock for good and every later command here was refused
        try (Transaction tx = Installer.begin(root)) {
            assertThat(tx.state()).isEqualTo(Transaction.State.INITIALIZED);
        }
    }

    @Test
    void anInterruptWhileFilesMoveIntoPlaceNeitherBreaksTheCommitNorItsRollBack() throws Exception {
        run(InstallPlan.builder().install(LIBGREET.manifest(), LIBGREET.content(), InstallReason.DEPENDENCY).build());
        // e.g. a Ctrl-C handler or a cancelled task interrupting the installing thread mid-apply
        TransactionListener interrupting = new TransactionListener() {
            @Override
            public void operationApplied(String path, int done, int total) {
                if (done == 1) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TransactionResult result;
        try (Transaction tx = Installer.begin(root, interrupting)) {
            tx.prepare(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT)
                    .build());
            // before: the next fsync (an interruptible FileChannel) failed, and so did every fsync of the
            // roll-back: RecoveryException, the root left half-changed until the next dpm run
            try {
                result = tx.commit();
            } finally {
                assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
            }
        }
        assertThat(result.changes()).extracting(HistoryEntry::packageName).containsExactly("hello");
        assertThat(Files.readString(root.resolve("usr/bin/hello"))).isEqualTo("#!/bin/sh\necho hello 1\n");
        assertThat(root.resolve("var/lib/dpm/journal.json")).doesNotExist();
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().find("hello")).isPresent();
        }
    }

    @Test
    void installsFilesKeepingModesAndSymlinksAndRecordsThem() throws Exception {
        List<TransactionStep> steps = new ArrayList<>();
        List<String> staged = new ArrayList<>();
        TransactionListener listener = new TransactionListener() {
            @Override
            public void stepStarted(TransactionStep step) {
                steps.add(step);
            }

            @Override
            public void fileStaged(String packageName, String path, long bytes, int done, int total) {
                staged.add(packageName + ":" + path + " " + done + "/" + total);
            }
        };
        TransactionResult result;
        try (Transaction tx = Installer.begin(root, listener)) {
            assertThat(tx.state()).isEqualTo(Transaction.State.INITIALIZED);
            assertThat(tx.recovery().recovered()).isFalse();
            tx.prepare(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT)
                    .install(LIBGREET.manifest(), LIBGREET.content(), InstallReason.DEPENDENCY).build());
            assertThat(tx.state()).isEqualTo(Transaction.State.PREPARED);
            result = tx.commit();
            assertThat(tx.state()).isEqualTo(Transaction.State.COMMITTED);
        }
        assertThat(steps).containsExactly(TransactionStep.INIT, TransactionStep.PREPARE, TransactionStep.STAGE,
                TransactionStep.JOURNAL, TransactionStep.APPLY, TransactionStep.RECORD, TransactionStep.CLEANUP);
        assertThat(staged).as("staged in path order").hasSize(6).startsWith("hello:usr/bin/hello 1/6")
                .last().isEqualTo("hello:usr/share/doc/hello/README 6/6");
        assertThat(result.filesWritten()).isEqualTo(6);

        assertThat(Files.readString(root.resolve("usr/bin/hello"))).isEqualTo("#!/bin/sh\necho hello 1\n");
        assertThat(perms(root.resolve("usr/bin/hello"))).isEqualTo("rwxr-xr-x");
        assertThat(perms(root.resolve("usr/share/doc/hello/OLD"))).isEqualTo("rw-------");
        assertThat(perms(root.resolve("usr/lib/greet"))).isEqualTo("rwx------");
        assertThat(Files.isSymbolicLink(root.resolve("usr/bin/hi"))).isTrue();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/hi"))).isEqualTo(Path.of("hello"));
        assertThat(Files.readString(root.resolve("usr/lib/libgreet.so.1"))).isEqualTo("ELF pretend");
        // nothing left behind
        assertThat(root.resolve("var/lib/dpm/journal.json")).doesNotExist();
        assertThat(root.resolve("var/lib/dpm/staging")).isEmptyDirectory();

        try (LocalDatabase db = LocalDatabase.open(root)) {
            InstalledPackage hello = db.installed().find("hello").orElseThrow();
            assertThat(hello.version()).isEqualTo("1.0-1");
            assertThat(hello.reason()).isEqualTo(InstallReason.EXPLICIT);
            assertThat(hello.manifestCid()).isEqualTo(HELLO_1.manifest().cid().toString());
            assertThat(hello.manifest()).isEqualTo(HELLO_1.manifest().toCanonicalBytes());
            assertThat(db.installed().find("libgreet").orElseThrow().reason()).isEqualTo(InstallReason.DEPENDENCY);
            assertThat(db.installed().files("hello")).extracting(InstalledFile::path).containsExactly(
                    "usr", "usr/bin", "usr/bin/hello", "usr/bin/hi", "usr/share/doc/hello/OLD",
                    "usr/share/doc/hello/README");
            assertThat(db.installed().owners("usr")).extracting(InstalledFile::owner)
                    .containsExactly("hello", "libgreet");
            InstalledFile bin = db.installed().owners("usr/bin/hello").get(0);
            assertThat(bin.sha256()).isEqualTo(TestPackage.sha256("#!/bin/sh\necho hello 1\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(bin.mode()).isEqualTo(0755);
            assertThat(db.history().all()).extracting(HistoryEntry::action, HistoryEntry::packageName,
                    HistoryEntry::toVersion).containsExactly(
                            org.assertj.core.groups.Tuple.tuple(HistoryAction.INSTALL, "hello", "1.0-1"),
                            org.assertj.core.groups.Tuple.tuple(HistoryAction.INSTALL, "libgreet", "1.2"));
            assertThat(db.history().isCommitted(result.transactionId())).isTrue();
        }
        assertThat(Installer.verify(root, List.of()).ok()).isTrue();
    }

    @Test
    void upgradeReplacesFilesAndRemovesFilesTheNewVersionDropped() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT).build());
        run(InstallPlan.builder().install(HELLO_2.manifest(), HELLO_2.content(), InstallReason.DEPENDENCY).build());

        assertThat(Files.readString(root.resolve("usr/bin/hello"))).isEqualTo("#!/bin/sh\necho hello 2\n");
        assertThat(perms(root.resolve("usr/bin/hello"))).isEqualTo("rwxr-x---");
        assertThat(Files.readString(root.resolve("usr/share/doc/hello/NEW"))).isEqualTo("new in 2.0");
        assertThat(root.resolve("usr/share/doc/hello/OLD")).doesNotExist();
        assertThat(Files.readSymbolicLink(root.resolve("usr/bin/hi"))).isEqualTo(Path.of("./hello"));
        try (LocalDatabase db = LocalDatabase.open(root)) {
            InstalledPackage hello = db.installed().find("hello").orElseThrow();
            assertThat(hello.version()).isEqualTo("2.0-1");
            assertThat(hello.reason()).as("an explicit package stays explicit").isEqualTo(InstallReason.EXPLICIT);
            assertThat(db.installed().owners("usr/share/doc/hello/OLD")).isEmpty();
            HistoryEntry last = db.history().all().get(1);
            assertThat(last.action()).isEqualTo(HistoryAction.UPGRADE);
            assertThat(last.fromVersion()).isEqualTo("1.0-1");
            assertThat(last.toVersion()).isEqualTo("2.0-1");
        }
        assertThat(Installer.verify(root, List.of()).ok()).isTrue();
    }

    @Test
    void removeDeletesOwnFilesButKeepsDirectoriesOthersUseAndUnownedFiles() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT)
                .install(LIBGREET.manifest(), LIBGREET.content(), InstallReason.DEPENDENCY).build());
        Files.writeString(root.resolve("usr/lib/greet/user-file"), "mine");
        run(InstallPlan.builder().remove("libgreet").build());

        assertThat(root.resolve("usr/lib/greet/libgreet.so")).doesNotExist();
        assertThat(root.resolve("usr/lib/libgreet.so.1")).doesNotExist();
        assertThat(root.resolve("usr/lib/greet/user-file")).hasContent("mine");
        assertThat(root.resolve("usr")).as("still owned by hello").isDirectory();
        assertThat(root.resolve("usr/bin/hello")).exists();

        Files.delete(root.resolve("usr/lib/greet/user-file"));
        run(InstallPlan.builder().remove("hello").build());
        // Directories no manifest lists (created as parents) stay, and so does usr, which holds them.
        assertThat(RootSnapshot.of(root)).containsOnlyKeys("usr", "usr/lib", "usr/lib/greet", "usr/share",
                "usr/share/doc", "usr/share/doc/hello");
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).isEmpty();
            assertThat(db.history().all()).extracting(HistoryEntry::action).containsExactly(
                    HistoryAction.INSTALL, HistoryAction.INSTALL, HistoryAction.REMOVE, HistoryAction.REMOVE);
        }
    }

    @Test
    void reportsEveryFileConflictAtOnceAndTouchesNothing() throws Exception {
        run(InstallPlan.builder().install(LIBGREET.manifest(), LIBGREET.content(), InstallReason.EXPLICIT).build());
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/unowned.conf"), "admin's file");
        Files.createDirectories(root.resolve("opt"));
        Files.createSymbolicLink(root.resolve("opt/link"), Path.of("../etc"));
        Map<String, String> before = RootSnapshot.of(root);

        TestPackage a = TestPackage.of("pkg-a", "1").file("usr/bin/tool", 0755, "a's tool")
                .file("usr/lib/greet/libgreet.so", 0644, "a's copy").file("etc/unowned.conf", 0644, "a's conf")
                .file("opt/link/escape", 0644, "through a symlink").build();
        TestPackage b = TestPackage.of("pkg-b", "1").file("usr/bin/tool", 0755, "b's tool").build();

        assertThatThrownBy(() -> run(InstallPlan.builder().install(a.manifest(), a.content(), InstallReason.EXPLICIT)
                .install(b.manifest(), b.content(), InstallReason.EXPLICIT).build()))
                .isInstanceOfSatisfying(FileConflictException.class, e -> {
                    assertThat(e.conflicts()).containsExactly(
                            new FileConflict("etc/unowned.conf", List.of("pkg-a"), List.of(), "unowned file on disk"),
                            new FileConflict("opt/link/escape", List.of("pkg-a"), List.of(),
                                    "parent opt/link is a symlink on disk"),
                            new FileConflict("usr/bin/tool", List.of("pkg-a", "pkg-b"), List.of(), null),
                            new FileConflict("usr/lib/greet/libgreet.so", List.of("pkg-a"), List.of("libgreet"), null));
                    assertThat(e.getMessage()).startsWith("4 file conflicts: ").contains("usr/bin/tool: wanted by pkg-a, pkg-b");
                });
        assertThat(RootSnapshot.of(root)).isEqualTo(before);
        assertThat(root.resolve("var/lib/dpm/staging")).satisfiesAnyOf(
                p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).extracting(InstalledPackage::name).containsExactly("libgreet");
        }
    }

    @Test
    void fileMayMoveBetweenPackagesInOneTransaction() throws Exception {
        TestPackage old = TestPackage.of("old-name", "1").file("usr/bin/tool", 0755, "v1").build();
        TestPackage renamed = TestPackage.of("new-name", "2").file("usr/bin/tool", 0755, "v2").build();
        run(InstallPlan.builder().install(old.manifest(), old.content(), InstallReason.EXPLICIT).build());
        run(InstallPlan.builder().remove("old-name").install(renamed.manifest(), renamed.content(),
                InstallReason.EXPLICIT).build());
        assertThat(root.resolve("usr/bin/tool")).hasContent("v2");
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().owners("usr/bin/tool")).extracting(InstalledFile::owner).containsExactly("new-name");
        }
    }

    @Test
    void refusesContentThatDoesNotMatchTheManifestBeforeTouchingTheRoot() throws Exception {
        TestPackage good = TestPackage.of("good", "1").file("usr/bin/good", 0755, "fine").build();
        TestPackage bad = TestPackage.of("bad", "1").file("usr/bin/bad1", 0755, "fine too")
                .lyingFile("usr/bin/bad2", "expected", "tampered").build();
        TestPackage longer = TestPackage.of("longer", "1").lyingFile("usr/bin/long", "short", "much longer").build();
        Map<String, String> before = RootSnapshot.of(root);
        assertThatThrownBy(() -> run(InstallPlan.builder().install(good.manifest(), good.content(), InstallReason.EXPLICIT)
                .install(bad.manifest(), bad.content(), InstallReason.EXPLICIT).build()))
                .isInstanceOfSatisfying(ContentMismatchException.class, e -> {
                    assertThat(e.packageName()).isEqualTo("bad");
                    assertThat(e.path()).isEqualTo("usr/bin/bad2");
                    assertThat(e.getMessage()).contains("sha256 " + TestPackage.sha256("tampered".getBytes(StandardCharsets.UTF_8)));
                });
        assertThatThrownBy(() -> run(InstallPlan.builder().install(longer.manifest(), longer.content(),
                InstallReason.EXPLICIT).build())).isInstanceOf(ContentMismatchException.class)
                .hasMessageContaining("longer than the manifest's size 5");
        assertThat(RootSnapshot.of(root)).isEqualTo(before);
        assertThat(root.resolve("var/lib/dpm/staging")).isEmptyDirectory();
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).isEmpty();
            assertThat(db.history().all()).isEmpty();
        }
    }

    @Test
    void refusesPlanNeedingMoreSpaceThanAvailable() throws Exception {
        TestPackage huge = TestPackage.of("huge", "1").hugeFile("usr/share/huge", 1L << 60).build();
        try (Transaction tx = Installer.begin(root)) {
            assertThatThrownBy(() -> tx.prepare(InstallPlan.builder().install(huge.manifest(), huge.content(),
                    InstallReason.EXPLICIT).build())).isInstanceOfSatisfying(InsufficientSpaceException.class,
                            e -> assertThat(e.needed()).isGreaterThan(1L << 60).isGreaterThan(e.available()));
            assertThat(tx.state()).isEqualTo(Transaction.State.INITIALIZED);
        }
    }

    @Test
    void refusesToRemoveWhatIsNotInstalled() throws Exception {
        assertThatThrownBy(() -> run(InstallPlan.builder().remove("ghost").build()))
                .isInstanceOf(TransactionException.class).hasMessage("cannot remove ghost: it is not installed");
    }

    @Test
    void stateMachineAssertsTheStepItIsIn() throws Exception {
        InstallPlan plan = InstallPlan.builder().install(LIBGREET.manifest(), LIBGREET.content(),
                InstallReason.EXPLICIT).build();
        Transaction tx = Installer.begin(root);
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("INITIALIZED");
        tx.prepare(plan);
        assertThatThrownBy(() -> tx.prepare(plan)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PREPARED");
        tx.close();
        assertThatThrownBy(tx::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("CLOSED");
        assertThat(root.resolve("usr")).as("prepared but not committed: nothing happened").doesNotExist();
    }

    @Test
    void secondTransactionOnTheSameRootIsRefusedWithTheLockHolder() throws Exception {
        try (Transaction tx = Installer.begin(root)) {
            assertThatThrownBy(() -> Installer.begin(root)).isInstanceOfSatisfying(LockHeldException.class, e -> {
                assertThat(e.holderPid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(e.lockFile()).isEqualTo(root.resolve("var/lib/dpm/lock"));
                assertThat(e.getMessage()).contains("pid " + ProcessHandle.current().pid())
                        .contains(root.resolve("var/lib/dpm/lock").toString());
            });
        }
        try (Transaction tx = Installer.begin(root)) {
            assertThat(tx.state()).isEqualTo(Transaction.State.INITIALIZED);
        }
    }

    @Test
    void autoremoveFindsDependenciesNothingExplicitNeeds() throws Exception {
        TestPackage app = TestPackage.of("app", "1").depends("libgreet | libother").depends("virtual-thing").build();
        TestPackage provider = TestPackage.of("provider", "1").provides("virtual-thing").depends("deep").build();
        TestPackage deep = TestPackage.of("deep", "1").build();
        TestPackage stray = TestPackage.of("stray", "1").build();
        TestPackage tool = TestPackage.of("tool", "1").depends("stray").build();
        InstallPlan.Builder plan = InstallPlan.builder();
        plan.install(app.manifest(), app.content(), InstallReason.EXPLICIT);
        for (TestPackage p : List.of(LIBGREET, provider, deep, stray)) {
            plan.install(p.manifest(), p.content(), InstallReason.DEPENDENCY);
        }
        plan.install(tool.manifest(), tool.content(), InstallReason.EXPLICIT);
        run(plan.build());
        try (Transaction tx = Installer.begin(root)) {
            assertThat(tx.orphansAfterRemoving(List.of())).isEmpty();
            assertThat(tx.orphansAfterRemoving(List.of("tool"))).containsExactly("stray");
            assertThat(tx.orphansAfterRemoving(List.of("app"))).containsExactly("deep", "libgreet", "provider");
        }
    }

    @Test
    void verifyReportsModifiedMissingAndChangedFiles() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT).build());
        Files.writeString(root.resolve("usr/bin/hello"), "#!/bin/sh\necho evil\n");
        Files.delete(root.resolve("usr/share/doc/hello/README"));
        Files.setPosixFilePermissions(root.resolve("usr/share/doc/hello/OLD"), PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.delete(root.resolve("usr/bin/hi"));
        Files.createSymbolicLink(root.resolve("usr/bin/hi"), Path.of("/bin/sh"));
        VerifyReport report = Installer.verify(root, List.of("hello"));
        assertThat(report.packagesChecked()).isEqualTo(1);
        assertThat(report.pathsChecked()).isEqualTo(6);
        assertThat(report.problems()).extracting(VerifyReport.Problem::path, VerifyReport.Problem::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("usr/bin/hello", VerifyReport.Kind.MODIFIED),
                org.assertj.core.groups.Tuple.tuple("usr/bin/hi", VerifyReport.Kind.TARGET_CHANGED),
                org.assertj.core.groups.Tuple.tuple("usr/share/doc/hello/OLD", VerifyReport.Kind.MODE_CHANGED),
                org.assertj.core.groups.Tuple.tuple("usr/share/doc/hello/README", VerifyReport.Kind.MISSING));
        assertThatThrownBy(() -> Installer.verify(root, List.of("nope"))).isInstanceOf(TransactionException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void directoryOwnershipIsSharedAndRecordedPerPackage() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT)
                .install(LIBGREET.manifest(), LIBGREET.content(), InstallReason.EXPLICIT).build());
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().owners("usr")).allSatisfy(f -> assertThat(f.type()).isEqualTo(FileType.DIR));
        }
    }

    @Test
    void buildsItsPlanFromTheResolversPlan() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT).build());
        TestPackage gone = TestPackage.of("gone", "1").file("gone", 0644, "x").build();
        run(InstallPlan.builder().install(gone.manifest(), gone.content(), InstallReason.DEPENDENCY).build());
        Candidate hello2 = Candidate.of(HELLO_2.manifest(), false);
        Candidate lib = Candidate.of(LIBGREET.manifest(), false);
        Plan plan = new Plan(List.of(lib), List.of(new Plan.Upgrade(Candidate.of(HELLO_1.manifest(), false), hello2)),
                List.of(Candidate.of(gone.manifest(), false)), List.of(lib, hello2), List.of(lib, hello2), true);
        Map<String, TestPackage> byName = Map.of("hello", HELLO_2, "libgreet", LIBGREET);
        InstallPlan ours = InstallPlan.fromResolution(plan, List.of("libgreet"), (c, reason) ->
                new InstallPlan.Install(byName.get(c.name()).manifest(), byName.get(c.name()).content(), reason));
        assertThat(ours.installs()).extracting(InstallPlan.Install::name, InstallPlan.Install::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("libgreet", InstallReason.EXPLICIT),
                org.assertj.core.groups.Tuple.tuple("hello", InstallReason.DEPENDENCY));
        assertThat(ours.removals()).containsExactly("gone");
        run(ours);
        try (LocalDatabase db = LocalDatabase.open(root)) {
            assertThat(db.installed().all()).extracting(InstalledPackage::name, InstalledPackage::version,
                    InstalledPackage::reason).containsExactly(
                            org.assertj.core.groups.Tuple.tuple("hello", "2.0-1", InstallReason.EXPLICIT),
                            org.assertj.core.groups.Tuple.tuple("libgreet", "1.2", InstallReason.EXPLICIT));
        }
        assertThatThrownBy(() -> InstallPlan.fromResolution(plan, List.of(), (c, reason) ->
                new InstallPlan.Install(HELLO_1.manifest(), HELLO_1.content(), reason)))
                .isInstanceOf(TransactionException.class).hasMessageContaining("materializer returned hello@1.0-1");
    }

    @Test
    void upgradeMayTurnAFileIntoADirectoryAndBack() throws Exception {
        TestPackage v1 = TestPackage.of("shape", "1").file("opt/shape", 0644, "a file").build();
        TestPackage v2 = TestPackage.of("shape", "2").dir("opt/shape", 0750).file("opt/shape/inner", 0644, "inside")
                .build();
        run(InstallPlan.builder().install(v1.manifest(), v1.content(), InstallReason.EXPLICIT).build());
        run(InstallPlan.builder().install(v2.manifest(), v2.content(), InstallReason.EXPLICIT).build());
        assertThat(root.resolve("opt/shape")).isDirectory();
        assertThat(perms(root.resolve("opt/shape"))).isEqualTo("rwxr-x---");
        assertThat(root.resolve("opt/shape/inner")).hasContent("inside");
        assertThat(Installer.verify(root, List.of()).ok()).isTrue();
        run(InstallPlan.builder().install(v1.manifest(), v1.content(), InstallReason.EXPLICIT).build());
        assertThat(root.resolve("opt/shape")).isRegularFile().hasContent("a file");
        assertThat(Installer.verify(root, List.of()).ok()).isTrue();
    }

    @Test
    void failureAtAnyStepBeforeTheCommitPointRollsBackInProcess() throws Exception {
        run(InstallPlan.builder().install(HELLO_1.manifest(), HELLO_1.content(), InstallReason.EXPLICIT).build());
        Map<String, String> before = RootSnapshot.of(root);
        for (String failAt : List.of("STAGE", "JOURNAL", "APPLY", "RECORD", "applied:3")) {
            TransactionListener failing = new TransactionListener() {
                @Override
                public void stepStarted(TransactionStep step) {
                    if (step.name().equals(failAt)) {
                        throw new IllegalStateException("listener failed at " + step);
                    }
                }

                @Override
                public void operationApplied(String path, int done, int total) {
                    if (("applied:" + done).equals(failAt)) {
                        throw new IllegalStateException("listener failed at " + failAt);
                    }
                }
            };
            try (Transaction tx = Installer.begin(root, failing)) {
                tx.prepare(InstallPlan.builder().install(HELLO_2.manifest(), HELLO_2.content(), InstallReason.EXPLICIT)
                        .build());
                assertThatThrownBy(tx::commit).as(failAt).hasMessageContaining("listener failed at");
                assertThat(tx.state()).isEqualTo(Transaction.State.FAILED);
            }
            assertThat(RootSnapshot.of(root)).as(failAt).isEqualTo(before);
            assertThat(root.resolve("var/lib/dpm/journal.json")).as(failAt).doesNotExist();
            assertThat(Installer.recoverIfNeeded(root).outcome()).as(failAt).isEqualTo(RecoveryReport.Outcome.CLEAN);
            try (LocalDatabase db = LocalDatabase.open(root)) {
                assertThat(db.installed().find("hello").orElseThrow().version()).isEqualTo("1.0-1");
            }
        }
    }
}
