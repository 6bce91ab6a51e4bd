package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * In dpm every node stores only a share of the archive, so a fetch routinely has peers that answer
 * 404 for the whole DAG. Such a peer must not throttle the ones that have it: a small DAG of small
 * blocks is bound by latency, and only parallel and pipelined requests hide it.
 */
class LackingPeerFetchIT {
    /** Per request, as a distant peer's round trip: what parallel requests have to hide. */
    static final int LATENCY_MS = 50;
    static final int LEAVES = 45;
    /** Three peers: fewer than 48 blocks queued is "scarce", where the spreading rule applies. */
    static final int CONNECTIONS = 16;

    final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : servers) {
            c.close();
        }
    }

    /** What the impostors of one fetch saw. */
    static final class Observed {
        /** The blocks the lacking peer answered 404 for. */
        final Set<String> refused = ConcurrentHashMap.newKeySet();
        /** Requests for such blocks being answered by the peers that have them, at once. */
        final AtomicInteger refusedNow = new AtomicInteger();
        final AtomicInteger refusedMost = new AtomicInteger();
    }

    /**
     * A gateway impostor that answers blocks after {@link #LATENCY_MS} (a distant peer) and 404 at
     * once (a near one that does not store this package), counting the requests it is answering.
     */
    static final class SlowPeer {
        final Peer peer;
        final AtomicInteger now = new AtomicInteger();
        final AtomicInteger most = new AtomicInteger();

        SlowPeer(List<AutoCloseable> servers, MemoryBlockstore store, Observed seen) throws IOException {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
            ExecutorService pool = Executors.newCachedThreadPool();
            s.setExecutor(pool);
            s.createContext("/ipfs/", ex -> {
                String cid = ex.getRequestURI().getPath().substring(6);
                boolean refusedElsewhere = seen.refused.contains(cid);
                most.accumulateAndGet(now.incrementAndGet(), Math::max);
                if (refusedElsewhere) {
                    seen.refusedMost.accumulateAndGet(seen.refusedNow.incrementAndGet(), Math::max);
                }
                try (ex) {
                    byte[] block = store.get(Cid.parse(cid)).orElse(null);
                    if (block == null) {
                        seen.refused.add(cid);
                        ex.sendResponseHeaders(404, -1);
                        return;
                    }
                    Thread.sleep(LATENCY_MS);
                    ex.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
                    ex.sendResponseHeaders(200, block.length);
                    ex.getResponseBody().write(block);
                } catch (Exception e) {
                    // the fetcher closed the connection at its end
                } finally {
                    now.decrementAndGet();
                    if (refusedElsewhere) {
                        seen.refusedNow.decrementAndGet();
                    }
                }
            });
            s.start();
            servers.add(() -> {
                s.stop(0);
                pool.shutdownNow();
            });
            peer = Peer.parse("http://127.0.0.1:" + s.getAddress().getPort());
        }
    }

    record Run(long millis, int mostAtA, int mostAtB, int refusedByLacking, int mostRefusedAtOthers) {
    }

    Run fetch(TestDag dag, MemoryBlockstore origin, boolean withLackingPeer) throws Exception {
        Observed seen = new Observed();
        SlowPeer a = new SlowPeer(servers, origin, seen);
        SlowPeer b = new SlowPeer(servers, origin, seen);
        SlowPeer lacking = new SlowPeer(servers, new MemoryBlockstore(), seen);
        List<Peer> peers = withLackingPeer ? List.of(lacking.peer, a.peer, b.peer) : List.of(a.peer, b.peer);
        MemoryBlockstore into = new MemoryBlockstore();
        long t0 = System.nanoTime();
        FetchSummary s = HttpDagFetcher.builder().peers(peers).connectionsPerPeer(CONNECTIONS).build()
                .fetch(dag.root, into, FetchListener.NONE);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(TestDag.readFile(into, dag)).isEqualTo(dag.content);
        assertThat(s.dropped()).isEmpty();
        return new Run(ms, a.most.get(), b.most.get(), seen.refused.size(), seen.refusedMost.get());
    }

    @Test
    void aPeerLackingTheDagDoesNotHoldTheOthersToOneRequestEach() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, LEAVES, 1024, 11);
        fetch(dag, origin, false); // warm-up: class loading and JIT out of the measured runs
        Run without = fetch(dag, origin, false);
        Run with = fetch(dag, origin, true);
        System.out.printf("[LackingPeerFetchIT] %d leaves, %d ms latency: without the lacking peer %d ms "
                        + "(most in flight at A %d, B %d); with it %d ms (A %d, B %d; it refused %d blocks, "
                        + "of which A and B had at most %d in flight at once)%n",
                LEAVES, LATENCY_MS, without.millis(), without.mostAtA(), without.mostAtB(), with.millis(),
                with.mostAtA(), with.mostAtB(), with.refusedByLacking(), with.mostRefusedAtOthers());

        assertThat(with.refusedByLacking()).as("blocks the lacking peer was asked for").isGreaterThan(2);
        // Held to one request each while the lacking peer idles, A and B fetch the blocks it
        // refused about one at a time: at most two in flight together (three when a worker of the
        // lacking peer briefly counts a block it then puts back). Measured: 14 to 18 (2 to 3 before).
        assertThat(with.mostRefusedAtOthers()).as("most refused blocks in flight at A and B together")
                .isGreaterThan(5);
        assertThat(with.mostAtA()).as("most requests in flight at peer A").isGreaterThan(1);
        assertThat(with.mostAtB()).as("most requests in flight at peer B").isGreaterThan(1);
        // Measured on the development VM: 1.0 to 1.6 times the fetch without it (3.1 to 4 times
        // before the fix); the bound leaves room for a loaded 2-core machine.
        assertThat(with.millis()).as("fetch time with a peer lacking the DAG")
                .isLessThan(2 * without.millis() + 100);
    }
}
