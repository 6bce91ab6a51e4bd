package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.ChainException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHighestSeenStoreTest {
    private static final String H1 = "0x" + "11".repeat(32);
    private static final String H2 = "0x" + "22".repeat(32);

    @TempDir
    Path dir;

    @Test
    void remembersAcrossInstancesAndNeverMovesBack() throws Exception {
        Path f = dir.resolve("state/highest-seen");
        FileHighestSeenStore s = new FileHighestSeenStore(f, 31337);
        assertThat(s.load()).isEmpty();
        s.record(new SeenBlock(10, H1));
        s.record(new SeenBlock(7, H2));
        assertThat(new FileHighestSeenStore(f, 31337).load()).contains(new SeenBlock(10, H1));
        s.record(new SeenBlock(11, H2));
        assertThat(new FileHighestSeenStore(f, 31337).load()).contains(new SeenBlock(11, H2));
        try (var files = Files.list(f.getParent())) {
            // no temporary file left behind; the (empty) lock file stays, as a lock file does
            assertThat(files).containsExactlyInAnyOrder(f, s.lockFile());
        }
    }

    @Test
    void twoInstancesOfOneFileNeverMoveItBack() throws Exception {
        // two readers of one home (or two dpm processes) each with its own store of the same file
        Path f = dir.resolve("chain/highest-seen-31337");
        FileHighestSeenStore[] stores = {new FileHighestSeenStore(f, 31337), new FileHighestSeenStore(f, 31337)};
        int threads = 8;
        int rounds = 40;
        java.util.List<String> regressions = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        race(stores, threads, rounds, r -> {
            long now = new FileHighestSeenStore(f, 31337).load().orElseThrow().number();
            if (now != (long) (r + 1) * threads) {
                regressions.add("round " + r + ": " + now);
            }
        });
        // before: load-then-write was atomic only per instance, so a lower block recorded through one
        // store could overwrite a higher one just written through the other
        assertThat(regressions).as("rounds that ended below their highest block").isEmpty();
    }

    @Test
    void conventionalLocationIsPerChain() throws Exception {
        FileHighestSeenStore a = FileHighestSeenStore.under(dir, 1);
        FileHighestSeenStore b = FileHighestSeenStore.under(dir, 31337);
        assertThat(a.file()).isEqualTo(dir.resolve("chain/highest-seen-1"));
        a.record(new SeenBlock(9, H1));
        assertThat(b.load()).isEmpty();
    }

    @Test
    void refusesAnotherChainsFile() throws Exception {
        Path f = dir.resolve("highest-seen");
        new FileHighestSeenStore(f, 1).record(new SeenBlock(5, H1));
        assertThatThrownBy(() -> new FileHighestSeenStore(f, 31337).load()).isInstanceOf(ChainException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("chain id 1");
    }

    @Test
    void refusesACorruptFileInsteadOfForgetting() throws Exception {
        Path f = dir.resolve("highest-seen");
        Files.writeString(f, "garbage");
        assertThatThrownBy(() -> new FileHighestSeenStore(f, 31337).load()).isInstanceOf(ChainException.class)
                .hasMessageContaining("not a dpm-highest-seen version 1 or 2 file");
    }

    @Test
    void keepsTheCheckpointABlockWasLinkedFromInFormatTwoAndWritesFormatOneWithout() throws Exception {
        Checkpoint a = new Checkpoint(2, H2);
        Path f = dir.resolve("highest-seen");
        FileHighestSeenStore s = new FileHighestSeenStore(f, 31337);
        s.record(new SeenBlock(10, H1, a));
        assertThat(Files.readString(f)).isEqualTo("dpm-highest-seen 2 31337 10 " + H1 + " 2:" + H2 + "\n");
        assertThat(new FileHighestSeenStore(f, 31337).load()).contains(new SeenBlock(10, H1, a));
        // a newer block recorded without a checkpoint: the version 1 line of before, readable by old dpm
        s.record(new SeenBlock(11, H2));
        assertThat(Files.readString(f)).isEqualTo("dpm-highest-seen 1 31337 11 " + H2 + "\n");
        assertThat(new FileHighestSeenStore(f, 31337).load()).contains(new SeenBlock(11, H2));
    }

    @Test
    void anOldFormatFileLoadsAsLinkedFromAnUnknownCheckpoint() throws Exception {
        Path f = dir.resolve("highest-seen");
        Files.writeString(f, "dpm-highest-seen 1 31337 10 " + H1 + "\n"); // as dpm wrote it before 2026-11-26
        assertThat(new FileHighestSeenStore(f, 31337).load()).contains(new SeenBlock(10, H1, null));
    }

    @Test
    void theSameBlockLinkedFromAnotherCheckpointReplacesWhatItWasLinkedFrom() throws Exception {
        Checkpoint a = new Checkpoint(2, H2);
        Checkpoint c = new Checkpoint(3, H1);
        for (HighestSeenStore s : new HighestSeenStore[] {
                new FileHighestSeenStore(dir.resolve("highest-seen"), 31337), HighestSeenStore.inMemory()}) {
            s.record(new SeenBlock(10, H1, a));
            s.record(new SeenBlock(10, H1, c));
            assertThat(s.load()).contains(new SeenBlock(10, H1, c));
            // without a checkpoint, the same block says nothing new: what it was linked from is kept
            s.record(new SeenBlock(10, H1));
            assertThat(s.load()).contains(new SeenBlock(10, H1, c));
            // another block at the same height, or a lower one, is never recorded
            s.record(new SeenBlock(10, H2, a));
            s.record(new SeenBlock(9, H2, a));
            assertThat(s.load()).contains(new SeenBlock(10, H1, c));
        }
    }

    @Test
    void inMemoryStoreNeverMovesBack() throws Exception {
        HighestSeenStore s = HighestSeenStore.inMemory();
        s.record(new SeenBlock(3, H1));
        s.record(new SeenBlock(2, H2));
        assertThat(s.load()).contains(new SeenBlock(3, H1));
    }

    /**
     * A home the user may read but not write (another user's, a read-only mount): a record that changes
     * nothing (the chain did not move past the block recorded) must not need to create the lock file,
     * as it needed no write before the lock was added.
     */
    @Test
    void aRecordThatChangesNothingNeedsNoWriteAccess() throws Exception {
        Path f = dir.resolve("chain/highest-seen-31337");
        new FileHighestSeenStore(f, 31337).record(new SeenBlock(10, H1));
        Files.delete(new FileHighestSeenStore(f, 31337).lockFile()); // as a home written before the lock existed
        Path chainDir = f.getParent();
        boolean immutable = makeReadOnly(chainDir);
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(immutable, "cannot make a directory read-only here");
            FileHighestSeenStore s = new FileHighestSeenStore(f, 31337);
            s.record(new SeenBlock(10, H1));
            s.record(new SeenBlock(9, H2));
            assertThat(s.load()).contains(new SeenBlock(10, H1));
            assertThatThrownBy(() -> s.record(new SeenBlock(11, H2))).as("a record that must write still fails")
                    .isInstanceOf(ChainException.class);
        } finally {
            undoReadOnly(chainDir);
        }
    }

    /** Makes {@code d} unwritable (permissions, or chattr +i when running as root); whether that worked. */
    private static boolean makeReadOnly(Path d) throws Exception {
        Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!canCreateIn(d)) {
            return true;
        }
        try {
            Process p = new ProcessBuilder("chattr", "+i", d.toString()).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            p.waitFor();
        } catch (java.io.IOException e) {
            return false;
        }
        return !canCreateIn(d);
    }

    private static boolean canCreateIn(Path d) {
        try {
            Files.delete(Files.createTempFile(d, "probe", ".tmp"));
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static void undoReadOnly(Path d) throws Exception {
        try {
            new ProcessBuilder("chattr", "-i", d.toString()).redirectErrorStream(true).start().waitFor();
        } catch (java.io.IOException e) {
            // no chattr: only the permissions were changed
        }
        Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /**
     * One file reached through two spellings in one JVM (a home given through a symlink, as /var/run and
     * /run): both instances must serialise on one lock rather than fail on the JVM's overlapping-lock check.
     */
    @Test
    void twoSpellingsOfOneFileInOneJvmNeverFail() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        Path alias = Files.createSymbolicLink(dir.resolve("alias"), real);
        FileHighestSeenStore[] stores = {new FileHighestSeenStore(real.resolve("highest-seen"), 31337),
                new FileHighestSeenStore(alias.resolve("highest-seen"), 31337)};
        int threads = 4;
        int rounds = 50;
        java.util.List<String> failures = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        race(stores, threads, rounds, r -> { }, failures);
        assertThat(failures).isEmpty();
        assertThat(stores[0].load().orElseThrow().number()).isEqualTo((long) rounds * threads);
    }

    /** What one thread checks after each round, once every thread has recorded its block of the round. */
    private interface RoundCheck {
        void after(int round) throws Exception;
    }

    private static void race(FileHighestSeenStore[] stores, int threads, int rounds, RoundCheck check)
            throws Exception {
        race(stores, threads, rounds, check, null);
    }

    /**
     * {@code threads} threads record, in {@code rounds} rounds started together, blocks numbered so that
     * the thread with the highest id records the highest block of a round, alternating between
     * {@code stores}; thread 0 runs {@code check} after each round. With {@code failures}, what a record
     * throws is collected there instead of failing the thread.
     */
    private static void race(FileHighestSeenStore[] stores, int threads, int rounds, RoundCheck check,
            java.util.List<String> failures) throws Exception {
        java.util.concurrent.CyclicBarrier barrier = new java.util.concurrent.CyclicBarrier(threads);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            java.util.List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        long n = (long) r * threads + id + 1;
                        try {
                            stores[id % 2].record(new SeenBlock(n, "0x" + String.format("%064x", n)));
                        } catch (Exception | Error e) {
                            if (failures == null) {
                                throw e;
                            }
                            failures.add(e.toString());
                        }
                        barrier.await(30, java.util.concurrent.TimeUnit.SECONDS);
                        if (id == 0) {
                            check.after(r);
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> d : done) {
                d.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
