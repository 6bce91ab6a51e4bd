package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.core.install.Journal.Kind;
import dev.dpm.core.install.Journal.Op;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every operation of the journal is idempotent forward and backward: whatever prefix was applied
 * when a process died, and whatever part of an undo was done when the recovering process died too,
 * finishing the undo gives the root as before, and finishing forward gives it as after.
 */
class JournalRunnerTest {
    @TempDir
    Path tmp;

    private static final String TX = "tx1";
    private static final String S = "var/lib/dpm/staging/" + TX;

    /** A root with an old package: a replaced file, a removed file and symlink, a removable dir. */
    private static RootLayout before(Path root) throws Exception {
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("usr/share/old"));
        Files.createDirectories(root.resolve("ro"));
        Files.writeString(root.resolve("usr/bin/tool"), "tool v1");
        Files.writeString(root.resolve("usr/share/old/doc"), "old doc");
        Files.createSymbolicLink(root.resolve("usr/bin/alias"), Path.of("tool"));
        Files.writeString(root.resolve("ro/data"), "data v1");
        Files.setPosixFilePermissions(root.resolve("ro"), PosixFilePermissions.fromString("r-xr-xr-x"));
        Files.createDirectories(root.resolve(S + "/new"));
        Files.createDirectories(root.resolve(S + "/old"));
        Files.writeString(root.resolve(S + "/new/1"), "tool v2");
        Files.writeString(root.resolve(S + "/new/2"), "brand new");
        Files.createSymbolicLink(root.resolve(S + "/new/3"), Path.of("../bin/tool"));
        Files.writeString(root.resolve(S + "/new/4"), "data v2");
        return new RootLayout(root);
    }

    private static final List<Op> OPS = List.of(
            new Op(Kind.UNLOCK, "ro", null, null, 0555),
            new Op(Kind.REMOVE, "usr/share/old/doc", null, S + "/old/a", 0),
            new Op(Kind.REMOVE, "usr/bin/alias", null, S + "/old/b", 0),
            new Op(Kind.RMDIR, "usr/share/old", null, null, 0750),
            new Op(Kind.MKDIR, "usr/lib", null, null, 0755),
            new Op(Kind.MKDIR, "usr/lib/x", null, null, 0500),
            new Op(Kind.PUT, "usr/bin/tool", S + "/new/1", S + "/old/c", 0755),
            new Op(Kind.PUT, "usr/lib/x/new", S + "/new/2", null, 0644),
            new Op(Kind.PUT, "usr/lib/link", S + "/new/3", null, 0777),
            new Op(Kind.PUT, "ro/data", S + "/new/4", S + "/old/d", 0644),
            new Op(Kind.DIRMODE, "usr/lib/x", null, null, 0500),
            new Op(Kind.DIRMODE, "usr/lib", null, null, 0755),
            new Op(Kind.DIRMODE, "ro", null, null, 0555));

    private static final Journal JOURNAL = new Journal(Journal.FORMAT, TX, List.of("pkg"), OPS);

    @Test
    void anyInterruptedApplyAndAnyInterruptedUndoEndAsBeforeOrAfter() throws Exception {
        Path ref = tmp.resolve("ref");
        RootLayout refLayout = before(ref);
        Files.setPosixFilePermissions(ref.resolve("usr/share/old"), PosixFilePermissions.fromString("rwxr-x---"));
        Map<String, String> snapBefore = RootSnapshot.of(ref);
        new JournalRunner(refLayout).applyAll(JOURNAL, TransactionListener.NONE);
        Map<String, String> snapAfter = RootSnapshot.of(ref);
        assertThat(snapAfter).containsEntry("usr/bin/tool", "file rw-r--r-- " + TestPackage.sha256("tool v2".getBytes()))
                .containsEntry("usr/lib/x", "dir r-x------").containsEntry("ro", "dir r-xr-xr-x")
                .doesNotContainKey("usr/share/old").doesNotContainKey("usr/bin/alias");

        int cases = 0;
        for (int a = 0; a <= OPS.size(); a++) {
            final int applied = a;
            // crash after `applied` operations, then the recovery rolls forward
            Path fwd = tmp.resolve("f" + applied);
            RootLayout fl = before(fwd);
            Files.setPosixFilePermissions(fwd.resolve("usr/share/old"), PosixFilePermissions.fromString("rwxr-x---"));
            JournalRunner fr = new JournalRunner(fl);
            for (int i = 0; i < applied; i++) {
                fr.forward(OPS.get(i));
            }
            fr.applyAll(JOURNAL, TransactionListener.NONE);
            assertThat(RootSnapshot.of(fwd)).as("forward after %d", applied).isEqualTo(snapAfter);
            cases++;
            // crash after `applied` operations, recovery undoes `undone` of them and dies, the next one undoes all
            // (every undo prefix for short applies; for longer ones the first, middle and last few)
            for (int undone : java.util.stream.IntStream.rangeClosed(0, applied)
                    .filter(u -> applied < 6 || u < 2 || u == applied / 2 || u > applied - 2).toArray()) {
                Path back = tmp.resolve("b" + applied + "-" + undone);
                RootLayout bl = before(back);
                Files.setPosixFilePermissions(back.resolve("usr/share/old"), PosixFilePermissions.fromString("rwxr-x---"));
                JournalRunner br = new JournalRunner(bl);
                for (int i = 0; i < applied; i++) {
                    br.forward(OPS.get(i));
                }
                for (int i = OPS.size() - 1, n = 0; i >= 0 && n < undone; i--) {
                    if (i < applied) {
                        n++;
                    }
                    br.inverse(OPS.get(i));
                }
                br.undoAll(JOURNAL);
                assertThat(RootSnapshot.of(back)).as("undo after %d applied, %d undone", applied, undone)
                        .isEqualTo(snapBefore);
                cases++;
            }
        }
        assertThat(cases).isGreaterThan(60);
    }

    @Test
    void journalSurvivesAWriteReadRoundTrip() throws Exception {
        Path file = tmp.resolve("journal.json");
        JOURNAL.write(file);
        assertThat(Journal.read(file)).isEqualTo(JOURNAL);
        assertThat(tmp.resolve("journal.json.tmp")).doesNotExist();
    }
}
