package dev.dpm.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlockstoreTest {
    @TempDir
    Path dir;

    @Test
    void laysOutBlocksLikeKuboFlatfs() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        Cid cid = Cid.raw(new byte[0]);
        store.put(cid, new byte[0]);
        // Kubo stores the empty block as CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data
        // in shard "QV" (next-to-last/2).
        Path expected = dir.resolve("QV").resolve("CIQOHMGEIKMPYHAUTL57JSEZN64SIJ5OIHSGJG4TJSSJLGI3PBJLQVI.data");
        assertThat(store.pathOf(cid)).isEqualTo(expected);
        assertThat(expected).exists();
        assertThat(Files.readString(dir.resolve("SHARDING"))).isEqualTo("/repo/flatfs/shard/v1/next-to-last/2\n");
    }

    @Test
    void removesStaleTemporaryFilesOnOpen() throws Exception {
        FileBlockstore.open(dir);
        Path stale = dir.resolve(".tmp").resolve("x.tmp");
        Files.write(stale, new byte[] {1});
        FileBlockstore store = FileBlockstore.open(dir);
        assertThat(stale).doesNotExist();
        assertThat(store.allCids()).isEmpty();
    }

    @Test
    void reopensWithExistingBlocks() throws Exception {
        byte[] b = "block".getBytes();
        FileBlockstore.open(dir).put(Cid.raw(b), b);
        assertThat(FileBlockstore.open(dir).get(Cid.raw(b))).hasValue(b);
    }

    @Test
    void deferredBlocksAreMarkedUntilSync() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        assertThat(store.durability()).isEqualTo(FileBlockstore.Durability.AT_SYNC);
        byte[] b = "deferred".getBytes();
        store.put(Cid.raw(b), b);
        assertThat(store.get(Cid.raw(b))).hasValue(b); // visible at once, atomically
        assertThat(markers(dir)).hasSize(1);
        store.sync();
        assertThat(markers(dir)).isEmpty();
    }

    /**
     * Two sync() calls at once (an install's parallel fetches share one store): the second found
     * the shard directory already taken off the dirty set by the first, which was still fsyncing
     * it, and returned at once, reporting renames durable that were not yet, and removing the
     * marker meanwhile. A sync now returns only after every rename before it is durable.
     */
    @Test
    void aSyncDoesNotReturnWhileAnotherIsStillSyncingItsDirectories() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        byte[] b = "renamed, directory not yet synced".getBytes();
        store.put(Cid.raw(b), b);
        java.util.concurrent.CountDownLatch inDirectorySync = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        store.beforeDirectorySync = () -> {
            if (first.getAndSet(false)) {
                inDirectorySync.countDown();
                try {
                    release.await(20, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        Thread one = Thread.ofPlatform().start(() -> syncQuietly(store));
        try {
            assertThat(inDirectorySync.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            Thread two = Thread.ofPlatform().start(() -> syncQuietly(store));
            two.join(500);
            assertThat(two.isAlive()).as("the second sync waits for the directory fsync under way").isTrue();
            assertThat(markers(dir)).as("the marker stays until the renames are durable").hasSize(1);
            release.countDown();
            two.join(20_000);
            assertThat(two.isAlive()).isFalse();
        } finally {
            release.countDown();
            one.join(20_000);
        }
        assertThat(markers(dir)).isEmpty();
    }

    private static void syncQuietly(FileBlockstore store) {
        try {
            store.sync();
        } catch (BlockstoreException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVerifiedBufferIsStoredWithoutReHashing() throws Exception {
        // putVerified trusts the caller's hash (the fetcher's, computed while receiving): what the
        // buffer holds is written under the CID. The fetcher's tests check that nothing unverified
        // is ever handed over; this one pins down that the store does not hash a second time.
        FileBlockstore store = FileBlockstore.open(dir, FileBlockstore.Durability.PER_BLOCK);
        byte[] b = "fetched".getBytes();
        Cid other = Cid.raw("something else".getBytes());
        store.putVerified(other, ByteBuffer.wrap(b));
        assertThat(store.get(other)).hasValueSatisfying(x -> assertThat(x).isEqualTo(b));
        assertThat(markers(dir)).isEmpty(); // durable at once, as put
    }

    @Test
    void perBlockDurabilityLeavesNoMarker() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir, FileBlockstore.Durability.PER_BLOCK);
        byte[] b = "per block".getBytes();
        store.put(Cid.raw(b), b);
        assertThat(markers(dir)).isEmpty();
        assertThat(FileBlockstore.open(dir).recoveredCorruptBlocks()).isZero();
    }

    /**
     * A power loss before sync() can leave a renamed block whose data never reached the disk. The
     * file is forged here (truncated and zero-filled) since the test cannot cut the power.
     */
    @Test
    void openAfterUnsyncedStopDeletesTornBlocksAndKeepsGoodOnes() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        byte[] good = new byte[300_000];
        byte[] torn = new byte[400_000];
        new java.util.Random(3).nextBytes(good);
        new java.util.Random(4).nextBytes(torn);
        store.put(Cid.raw(good), good);
        store.put(Cid.raw(torn), torn);
        byte[] empty = "truncated to nothing".getBytes();
        store.put(Cid.raw(empty), empty);
        // no sync(): the writer "loses power" (its process dies, the kernel drops its marker lock)
        store.abandonMarkerAsIfKilled();
        byte[] zeros = new byte[torn.length];
        System.arraycopy(torn, 0, zeros, 0, 8192);
        Files.write(store.pathOf(Cid.raw(torn)), zeros);
        Files.write(store.pathOf(Cid.raw(empty)), new byte[0]);
        assertThat(markers(dir)).hasSize(1);

        FileBlockstore reopened = FileBlockstore.open(dir);
        assertThat(reopened.recoveredCorruptBlocks()).isEqualTo(2);
        assertThat(reopened.has(Cid.raw(torn))).isFalse();
        assertThat(reopened.get(Cid.raw(empty))).isEmpty();
        assertThat(reopened.get(Cid.raw(good))).hasValue(good);
        assertThat(markers(dir)).isEmpty();
        reopened.put(Cid.raw(torn), torn); // refetched: stored again like any absent block
        assertThat(reopened.get(Cid.raw(torn))).hasValue(torn);
    }

    @Test
    void cleanStopSkipsRecovery() throws Exception {
        FileBlockstore store = FileBlockstore.open(dir);
        byte[] b = "synced".getBytes();
        store.put(Cid.raw(b), b);
        store.sync();
        // Damage after a clean sync is bit rot, not a torn write: open does not look (repo verify does).
        Files.write(store.pathOf(Cid.raw(b)), new byte[0]);
        assertThat(FileBlockstore.open(dir).recoveredCorruptBlocks()).isZero();
    }

    @Test
    void openingWhileAnotherWriterIsUnsyncedLeavesItsMarkerAlone() throws Exception {
        FileBlockstore writer = FileBlockstore.open(dir);
        byte[] b = "live writer".getBytes();
        writer.put(Cid.raw(b), b);
        assertThat(markers(dir)).hasSize(1);
        FileBlockstore reader = FileBlockstore.open(dir); // the writer holds its marker's lock: alive
        assertThat(reader.recoveredCorruptBlocks()).isZero();
        assertThat(markers(dir)).hasSize(1);
        assertThat(reader.get(Cid.raw(b))).hasValue(b);
        writer.sync();
        assertThat(markers(dir)).isEmpty();
    }

    static java.util.List<Path> markers(Path dir) throws java.io.IOException {
        try (var s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(FileBlockstore.UNSYNCED_MARKER)).toList();
        }
    }

    /**
     * A block's background fsync that cannot start (the pool rejects it, or no thread can be
     * created) left its pending entry behind: every later sync() waited for it forever. Now the
     * put succeeds (the block is renamed in place) and the next sync() reports the block's file.
     */
    @Test
    void aBackgroundFsyncThatCannotStartFailsTheNextSyncInsteadOfHangingIt() throws Exception {
        ThreadPoolExecutor rejecting = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        rejecting.shutdown();
        ThreadPoolExecutor noThreads = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>()) {
            @Override
            public void execute(Runnable command) {
                throw new OutOfMemoryError("unable to create native thread: possibly out of memory");
            }
        };
        int n = 0;
        for (ThreadPoolExecutor pool : List.of(rejecting, noThreads)) {
            FileBlockstore store = FileBlockstore.open(dir);
            store.fsyncer = pool;
            byte[] b = ("never fsynced " + n++).getBytes();
            Cid cid = Cid.raw(b);
            store.put(cid, b);
            assertThat(store.get(cid)).hasValue(b);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(store::sync)
                    .isInstanceOfSatisfying(BlockstoreException.class,
                            e -> assertThat(e.path()).isEqualTo(store.pathOf(cid)))
                    .hasMessageContaining("cannot sync block")
                    .hasMessageContaining(pool == rejecting ? "rejected" : "unable to create native thread"));
            store.fsyncer = null; // a working pool again: the store recovers
            byte[] c = ("fsynced " + n).getBytes();
            store.put(Cid.raw(c), c);
            assertTimeoutPreemptively(Duration.ofSeconds(10), store::sync);
            assertThat(markers(dir)).isEmpty();
        }
    }
}
