package dev.dpm.storage.share;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.StorageNode;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RereplicatorInterruptIT {
    /**
     * Interrupted while waiting for a copy, afterLeave left the others queued: closing its pool
     * then waited for every remaining copy to run to its end before the interrupt was seen.
     */
    @Test
    void anInterruptStopsTheRemainingCopies() throws Exception {
        MemoryBlockstore source = new MemoryBlockstore();
        List<Cid> roots = new ArrayList<>();
        Random random = new Random(2);
        for (int i = 0; i < 30; i++) {
            byte[] data = new byte[150_000];
            random.nextBytes(data);
            roots.add(UnixfsImporter.builder().blockstore(source).build()
                    .importStream(new ByteArrayInputStream(data)).root());
        }
        List<String> ids = List.of("n0", "n1", "n2", "n3");
        Map<String, Blockstore> stores = new HashMap<>();
        ids.forEach(id -> stores.put(id, new MemoryBlockstore()));
        RendezvousHash hash = new RendezvousHash(ids);
        SharePlacement.place(source, roots, stores, hash, 2);
        List<StorageNode> nodes = new ArrayList<>();
        Map<String, ShareMember> members = new HashMap<>();
        try {
            for (String id : ids) {
                // about one second per copy: slow enough that all copies take far longer than the bound below
                StorageNode n = StorageNode.builder(stores.get(id)).limits(NodeLimits.defaults()
                        .withRequestRate(0, 1).withMaxBytesPerSecond(150_000)).build().start();
                nodes.add(n);
                members.put(id, new ShareMember(id, n.peer(), stores.get(id)));
            }
            nodes.get(3).close();
            members.remove("n3");
            long copies = roots.stream().filter(r -> hash.owners(SharePlacement.key(r), 2).contains("n3")).count();
            assertThat(copies).isGreaterThan(8);
            CountDownLatch firstCopied = new CountDownLatch(1);
            AtomicBoolean interrupting = new AtomicBoolean();
            AtomicInteger copiedAfter = new AtomicInteger();
            RereplicationListener listener = new RereplicationListener() {
                @Override
                public void copied(Cid root, String to, long bytes, int done, int total) {
                    if (interrupting.get()) {
                        copiedAfter.incrementAndGet();
                    }
                    firstCopied.countDown();
                }
            };
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    new Rereplicator(1, Duration.ofSeconds(10)).afterLeave(roots, hash, "n3", members, 2, listener);
                    outcome.set(new AssertionError("every copy ran"));
                } catch (Throwable e) {
                    outcome.set(e);
                }
            });
            assertThat(firstCopied.await(60, TimeUnit.SECONDS)).isTrue();
            long start = System.nanoTime();
            interrupting.set(true);
            t.interrupt();
            t.join(30_000);
            assertThat(t.isAlive()).isFalse();
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
            // at most the copy in flight may still end (one, not the 8 or more left), and quickly: the
            // count holds however slow the machine, the time bound leaves room for a loaded one
            assertThat(copiedAfter.get()).as("copies completed after the interrupt").isLessThanOrEqualTo(1);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        } finally {
            nodes.forEach(StorageNode::close);
        }
    }
}
