package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dpm.content.Blockstore;
import dev.dpm.content.ContentException;
import dev.dpm.content.ForwardingBlockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fetcher against real HTTP peers, honest and malicious (the attacks of DESIGN.md): a peer that
 * corrupts blocks, one that streams without end, one that trickles, and one honest dpm node.
 */
class MultiPeerFetchIT {
    @TempDir
    Path tmp;
    final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : servers) {
            c.close();
        }
    }

    interface Behaviour {
        void serve(HttpExchange ex, byte[] block) throws IOException, InterruptedException;
    }

    /** A small Trustless Gateway impostor: looks the block up in {@code store}, then misbehaves. */
    Peer maliciousPeer(Blockstore store, Behaviour b) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService pool = Executors.newCachedThreadPool();
        s.setExecutor(pool);
        s.createContext("/ipfs/", ex -> {
            try (ex) {
                String cid = ex.getRequestURI().getPath().substring(6);
                byte[] block = store.get(Cid.parse(cid)).orElse(null);
                if (block == null) {
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
                ex.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
                b.serve(ex, block);
            } catch (Exception e) {
                // the client hung up on us: that is the point of these peers
            }
        });
        s.start();
        servers.add(() -> {
            s.stop(0);
            pool.shutdownNow();
        });
        return Peer.parse("http://127.0.0.1:" + s.getAddress().getPort());
    }

    static final Behaviour CORRUPT = (ex, block) -> {
        byte[] bad = block.clone();
        bad[bad.length / 2] ^= 0x01;
        ex.sendResponseHeaders(200, bad.length);
        ex.getResponseBody().write(bad);
    };

    static final Behaviour ENDLESS = (ex, block) -> {
        ex.sendResponseHeaders(200, 0); // chunked, no length: it never ends
        OutputStream out = ex.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        while (true) {
            out.write(chunk);
        }
    };

    static final Behaviour TRICKLE = (ex, block) -> {
        ex.sendResponseHeaders(200, block.length);
        OutputStream out = ex.getResponseBody();
        for (byte b : block) {
            out.write(b);
            out.flush();
            Thread.sleep(100);
        }
    };

    StorageNode node(Blockstore store, NodeLimits limits) throws StorageException {
        StorageNode n = StorageNode.builder(store).limits(limits).build().start();
        servers.add(n);
        return n;
    }

    @Test
    void fileArrivesIntactAndCorruptingAndEndlessPeersAreBlacklistedTrickleDropped() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 200, 8192, 1);
        Peer corrupt = maliciousPeer(origin, CORRUPT);
        Peer endless = maliciousPeer(origin, ENDLESS);
        Peer trickle = maliciousPeer(origin, TRICKLE);
        Peer honest = node(origin, NodeLimits.defaults()).peer();
        Path blacklistFile = tmp.resolve("blacklist.json");
        Blacklist blacklist = Blacklist.open(blacklistFile, Clock.systemUTC());
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peers(List.of(corrupt, endless, trickle, honest))
                .blacklist(blacklist).connectionsPerPeer(2).minBytesPerSecond(32 * 1024)
                .rateGrace(Duration.ofMillis(500)).build();
        MemoryBlockstore into = new MemoryBlockstore();
        List<String> drops = new ArrayList<>();
        FetchSummary summary = fetcher.fetch(dag.root, into, new FetchListener() {
            @Override
            public void peerDropped(Peer peer, PeerFault fault, String reason) {
                synchronized (drops) {
                    drops.add(peer + " " + fault);
                }
            }
        });

        assertThat(TestDag.readFile(into, dag)).isEqualTo(dag.content);
        assertThat(summary.blocks()).isEqualTo(201);
        assertThat(drops).containsExactlyInAnyOrder(corrupt + " CORRUPT_BLOCK", endless + " OVERSIZED_BLOCK",
                trickle + " TOO_SLOW");
        Blacklist reread = Blacklist.open(blacklistFile, Clock.systemUTC());
        assertThat(reread.entries()).extracting(BlacklistEntry::peer).containsExactlyInAnyOrder(corrupt, endless);
        BlacklistEntry c = reread.entry(corrupt).orElseThrow();
        assertThat(c.fault()).isEqualTo(PeerFault.CORRUPT_BLOCK);
        assertThat(c.reason()).contains("served a wrong block for ba").contains("hash to ba").contains(corrupt.toString());
        assertThat(c.until()).isAfter(c.since());
        // Cut at the bound the parent link states (8192 for a leaf) or at 2 MiB for the root.
        assertThat(reread.entry(endless).orElseThrow().reason()).containsPattern("sent more than (8192|2097152) bytes");
        assertThat(reread.contains(trickle)).as("a slow peer is dropped, not blacklisted").isFalse();
        assertThat(summary.dropped().get(trickle)).contains("too slow").contains("below the minimum");

        // A later transfer does not even ask the blacklisted peers.
        MemoryBlockstore again = new MemoryBlockstore();
        FetchSummary second = HttpDagFetcher.builder().peers(List.of(corrupt, endless, honest)).blacklist(reread)
                .build().fetch(dag.root, again, FetchListener.NONE);
        assertThat(second.bytesByPeer().get(corrupt)).isZero();
        assertThat(second.bytesByPeer().get(endless)).isZero();
        assertThat(second.dropped().get(corrupt)).startsWith("blacklisted");
    }

    @Test
    void aCorruptBlockIsNeverStored() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 3, 1000, 2);
        Peer corrupt = maliciousPeer(origin, CORRUPT);
        MemoryBlockstore into = new MemoryBlockstore();
        assertThatThrownBy(() -> HttpDagFetcher.builder().peer(corrupt).build().fetch(dag.root, into, FetchListener.NONE))
                .isInstanceOfSatisfying(BlockUnavailableException.class, e -> {
                    BlockVerificationException v = (BlockVerificationException) e.peerFaults().get(corrupt);
                    assertThat(v.expected()).isEqualTo(dag.root);
                    assertThat(v.received()).isNotEqualTo(dag.root);
                    assertThat(v.received().codec()).isEqualTo(Cid.DAG_PB);
                    assertThat(v.peer()).isEqualTo(corrupt);
                })
                .hasMessageContaining(dag.root.toString()).hasMessageContaining(corrupt.toString())
                .hasMessageContaining("wrong block");
        assertThat(into.allCids()).isEmpty();
    }

    @Test
    void aPeerBlacklistedByAnotherFetchOfTheSameOperationIsReportedWithItsFault() throws Exception {
        // an install fetches several payloads at once: the one that starts after another has banned a
        // peer must still say what the peer did (this once read "blacklisted: ...", now and then)
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag first = TestDag.file(origin, 3, 1000, 8);
        TestDag second = TestDag.file(origin, 3, 1000, 9);
        Peer corrupt = maliciousPeer(origin, CORRUPT);
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(corrupt).build();
        FetchSession operation = new FetchSession();
        assertThatThrownBy(() -> fetcher.fetch(first.root, new MemoryBlockstore(), FetchListener.NONE, operation))
                .isInstanceOf(BlockUnavailableException.class).hasMessageContaining(corrupt + ": corrupt block");
        assertThatThrownBy(() -> fetcher.fetch(second.root, new MemoryBlockstore(), FetchListener.NONE, operation))
                .isInstanceOfSatisfying(BlockUnavailableException.class, e -> assertThat(e.peerFaults().get(corrupt))
                        .isInstanceOf(BlockVerificationException.class))
                .hasMessageContaining(corrupt + ": corrupt block").hasMessageNotContaining("blacklisted");
        // a later operation sees the ban itself
        assertThatThrownBy(() -> fetcher.fetch(second.root, new MemoryBlockstore(), FetchListener.NONE))
                .hasMessageContaining(corrupt + ": blacklisted");
    }

    @Test
    void aSessionThatDefersSyncingLeavesItToTheCaller() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 3, 1000, 10);
        Peer p = node(origin, NodeLimits.defaults()).peer();
        AtomicInteger syncs = new AtomicInteger();
        MemoryBlockstore backing = new MemoryBlockstore();
        Blockstore counting = new ForwardingBlockstore(backing) {
            @Override
            public void sync() {
                syncs.incrementAndGet();
            }
        };
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(p).build();
        fetcher.fetch(dag.root, counting, FetchListener.NONE, new FetchSession(true));
        assertThat(syncs.get()).isZero();
        assertThat(TestDag.readFile(counting, dag)).isEqualTo(dag.content);
        backing.delete(dag.root);
        fetcher.fetch(dag.root, counting, FetchListener.NONE, new FetchSession());
        assertThat(syncs.get()).isEqualTo(1);
    }

    @Test
    void blocksSpreadOverSeveralHonestPeers() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 64, 32 * 1024, 3);
        NodeLimits capped = NodeLimits.defaults().withMaxBytesPerSecond(2 * 1024 * 1024);
        List<Peer> peers = List.of(node(origin, capped).peer(), node(origin, capped).peer(), node(origin, capped).peer());
        MemoryBlockstore into = new MemoryBlockstore();
        FetchSummary s = HttpDagFetcher.builder().peers(peers).build().fetch(dag.root, into, FetchListener.NONE);
        assertThat(TestDag.readFile(into, dag)).isEqualTo(dag.content);
        for (Peer p : peers) {
            assertThat(s.bytesByPeer().get(p)).as("share of %s", p).isGreaterThan(dag.content.length / 8L);
        }
    }

    @Test
    void anInterruptedDownloadResumesFromStoredBlocks() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 200, 8192, 4);
        Peer slowish = node(origin, NodeLimits.defaults().withMaxBytesPerSecond(1024 * 1024)).peer();
        MemoryBlockstore into = new MemoryBlockstore();
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(slowish).connectionsPerPeer(2).build();
        AtomicInteger stored = new AtomicInteger();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                fetcher.fetch(dag.root, into, new FetchListener() {
                    @Override
                    public void blockStored(Cid cid, int size, Peer from) {
                        if (stored.incrementAndGet() == 50) {
                            Thread.currentThread(); // the download is cut from outside, as by Ctrl-C
                            outcomeThread.get().interrupt();
                        }
                    }
                });
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        outcomeThread.set(t);
        t.start();
        t.join(20_000);
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        int before = into.allCids().size();
        assertThat(before).isBetween(50, 199);

        FetchSummary resumed = fetcher.fetch(dag.root, into, FetchListener.NONE);
        assertThat(resumed.blocksLocal()).isGreaterThanOrEqualTo(before);
        assertThat(resumed.bytesFetched()).isLessThan(dag.content.length - 40L * 8192);
        assertThat(TestDag.readFile(into, dag)).isEqualTo(dag.content);
    }

    final AtomicReference<Thread> outcomeThread = new AtomicReference<>();

    @Test
    void aBlockNoPeerHasFailsNamingIt() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 3, 1000, 5);
        origin.delete(dag.leaves.get(1));
        Peer p = node(origin, NodeLimits.defaults()).peer();
        assertThatThrownBy(() -> HttpDagFetcher.builder().peer(p).build().fetch(dag.root, new MemoryBlockstore(),
                FetchListener.NONE))
                .isInstanceOfSatisfying(BlockUnavailableException.class,
                        e -> assertThat(e.cid()).isEqualTo(dag.leaves.get(1)))
                .hasMessageContaining(p.toString());
    }

    @Test
    void aPeerNobodyAnswersAtIsDroppedWithTheReasonInWords() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 2, 1000, 6);
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Peer dead = Peer.parse("http://127.0.0.1:" + closedPort);
        assertThatThrownBy(() -> HttpDagFetcher.builder().peer(dead).build().fetch(dag.root, new MemoryBlockstore(),
                FetchListener.NONE))
                .isInstanceOf(BlockUnavailableException.class)
                .hasMessageContaining(dead.toString())
                .hasMessageContaining("connection refused")
                .hasMessageNotContaining("java.net");
    }

    @Test
    void aDefectInTheBlockstoreFailsTheFetchInsteadOfHangingIt() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 8, 4096, 7);
        Peer p = node(origin, NodeLimits.defaults()).peer();
        MemoryBlockstore backing = new MemoryBlockstore();
        Blockstore broken = new ForwardingBlockstore(backing) {
            @Override
            public void put(Cid cid, byte[] block) throws ContentException {
                if (cid.codec() == Cid.RAW) {
                    throw new IllegalStateException("simulated defect storing " + cid);
                }
                super.put(cid, block);
            }
        };
        // before, the worker died of the exception and the fetch waited for its blocks forever
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> HttpDagFetcher.builder().peer(p).build().fetch(dag.root, broken, FetchListener.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("internal error fetching " + dag.root)
                .hasMessageContaining("simulated defect storing"));
    }
}
