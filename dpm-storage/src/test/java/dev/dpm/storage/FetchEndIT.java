package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.ForwardingBlockstore;
import dev.dpm.content.MemoryBlockstore;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What happens after a fetch has returned: a worker stuck longer than the stop timeout (here in the
 * blockstore, as on a hung disk) used to outlive the fetch and then call the listener after
 * {@code fetch} had returned. Now it is reported before the fetch returns, and once the transfer
 * has ended no worker calls the listener or stores a block.
 */
class FetchEndIT {
    StorageNode node;

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    /** Stores in memory, but a put of {@code stuckOn} hangs, deaf to interrupts, until released. */
    static final class HangingStore extends ForwardingBlockstore {
        final Cid stuckOn;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch left = new CountDownLatch(1);
        final AtomicBoolean fetchReturned;
        final List<String> afterReturn = new CopyOnWriteArrayList<>();

        HangingStore(Cid stuckOn, AtomicBoolean fetchReturned) {
            super(new MemoryBlockstore());
            this.stuckOn = stuckOn;
            this.fetchReturned = fetchReturned;
        }

        @Override
        public void putVerified(Cid cid, ByteBuffer block) throws ContentException {
            if (fetchReturned.get()) {
                afterReturn.add("stored " + cid);
            }
            if (cid.equals(stuckOn)) {
                entered.countDown();
                boolean interrupted = false;
                while (true) {
                    try {
                        release.await();
                        break;
                    } catch (InterruptedException e) {
                        interrupted = true; // a hung disk write does not end on interrupt either
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            super.putVerified(cid, block);
            if (cid.equals(stuckOn)) {
                left.countDown();
            }
        }
    }

    @Test
    void aWorkerStuckPastTheEndIsReportedAndThenCallsNothing() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 4, 2048, 21);
        Cid stuck = dag.leaves.get(0);
        Cid missing = dag.leaves.get(3);
        origin.delete(missing); // the fetch fails on it while the other worker hangs in the store
        AtomicBoolean returned = new AtomicBoolean();
        HangingStore into = new HangingStore(stuck, returned);
        // The node answers for the missing block only once a worker hangs in the store: answered first
        // (a loaded machine may run the workers in any order), the fetch could fail and stop its
        // workers before any reached the hanging put, and there would be no stuck worker to report.
        node = StorageNode.builder(new ForwardingBlockstore(origin) {
            void awaitStuck(Cid cid) {
                if (cid.equals(missing)) {
                    try {
                        into.entered.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            @Override
            public boolean has(Cid cid) throws dev.dpm.content.BlockstoreException {
                awaitStuck(cid);
                return super.has(cid);
            }

            @Override
            public java.util.Optional<byte[]> get(Cid cid) throws dev.dpm.content.BlockstoreException {
                awaitStuck(cid);
                return super.get(cid);
            }

            @Override
            public long size(Cid cid) throws dev.dpm.content.BlockstoreException {
                awaitStuck(cid);
                return super.size(cid);
            }
        }).build().start();
        List<String> reported = new CopyOnWriteArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void blockStored(Cid cid, int size, Peer from) {
                if (returned.get()) {
                    into.afterReturn.add("listener told " + cid + " stored");
                }
            }

            @Override
            public void workersNotStopped(Cid root, List<String> workers) {
                reported.addAll(workers);
            }
        };
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(node.peer()).stopTimeout(Duration.ofMillis(300)).build();

        long t0 = System.nanoTime();
        assertThatThrownBy(() -> fetcher.fetch(dag.root, into, listener))
                .isInstanceOf(BlockUnavailableException.class).hasMessageContaining(missing.toString());
        returned.set(true);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(into.entered.getCount()).as("the worker reached the hanging put").isZero();
        assertThat(ms).as("the fetch waits for its workers only the stop timeout").isLessThan(10_000);
        List<String> reportedByTheEnd = List.copyOf(reported);
        System.out.printf("[FetchEndIT] fetch returned after %d ms reporting %s%n", ms, reportedByTheEnd);

        into.release.countDown(); // the disk comes back
        assertThat(into.left.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // what the worker would do next, it has done by now
        assertThat(into.afterReturn).as("listener calls and stores after fetch returned").isEmpty();
        assertThat(reportedByTheEnd).as("the stuck worker, reported before the fetch returned").hasSize(1);
        assertThat(reportedByTheEnd.get(0)).contains(node.peer().toString()).contains("storing")
                .contains(stuck.toString());
    }
}
