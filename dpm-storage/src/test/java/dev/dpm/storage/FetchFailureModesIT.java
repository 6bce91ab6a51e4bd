package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.ForwardingBlockstore;
import dev.dpm.content.MemoryBlockstore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a fetch ends when something other than a peer's block goes wrong: each of these once made
 * the fetch wait forever or blame a peer that did nothing wrong. Every wait here is bounded.
 */
class FetchFailureModesIT {
    final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : servers) {
            c.close();
        }
    }

    interface Handler {
        void handle(HttpExchange ex, Cid cid, byte[] block) throws IOException, InterruptedException;
    }

    /** A gateway serving {@code store}'s blocks through {@code h}. */
    Peer peer(Blockstore store, Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService pool = Executors.newCachedThreadPool();
        s.setExecutor(pool);
        s.createContext("/ipfs/", ex -> {
            try (ex) {
                Cid cid = Cid.parse(ex.getRequestURI().getPath().substring(6));
                h.handle(ex, cid, store.get(cid).orElse(null));
            } catch (Exception e) {
                // the client hung up
            }
        });
        s.start();
        servers.add(() -> {
            s.stop(0);
            pool.shutdownNow();
        });
        return Peer.parse("http://127.0.0.1:" + s.getAddress().getPort());
    }

    static void serve(HttpExchange ex, byte[] block) throws IOException {
        if (block == null) {
            ex.sendResponseHeaders(404, -1);
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "application/vnd.ipld.raw");
        ex.sendResponseHeaders(200, block.length);
        ex.getResponseBody().write(block);
    }

    /** A store that fails with {@code error} on every raw block and stores everything else. */
    static Blockstore failingOnLeaves(Blockstore backing, Error error) {
        return new ForwardingBlockstore(backing) {
            @Override
            public void put(Cid cid, byte[] block) throws ContentException {
                if (cid.codec() == Cid.RAW) {
                    throw error;
                }
                super.put(cid, block);
            }
        };
    }

    /**
     * An Error (here the direct-memory OutOfMemoryError a worker meets when many fetches hold 2 MiB
     * buffers at once) killed the worker holding a block: nobody completed or re-queued it and the
     * fetch waited forever. Now it fails the fetch like any other defect.
     */
    @Test
    void anErrorInAWorkerFailsTheFetchInsteadOfHangingIt() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 8, 4096, 21);
        Peer p = peer(origin, (ex, cid, block) -> serve(ex, block));
        Blockstore broken = failingOnLeaves(new MemoryBlockstore(),
                new OutOfMemoryError("simulated: cannot reserve direct buffer memory"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> HttpDagFetcher.builder().peer(p).build().fetch(dag.root, broken, FetchListener.NONE))
                .isInstanceOf(FetchException.class)
                .hasMessageContaining("internal error fetching " + dag.root)
                .hasMessageContaining("cannot reserve direct buffer memory"));
    }

    /**
     * A peer answering every request with 503 (or 429) was asked again after each Retry-After, for
     * ever: it counted as neither a failure nor an answer, so the fetch never ended. Once it has
     * refused for longer than the request timeout it is dropped as unreachable.
     */
    @Test
    void aPeerThatOnlyEverAnswersBusyIsDroppedAfterTheRequestTimeout() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 4, 1024, 22);
        Peer busy = peer(origin, (ex, cid, block) -> {
            ex.getResponseHeaders().set("Retry-After", "0");
            ex.sendResponseHeaders(503, -1);
        });
        List<String> drops = new CopyOnWriteArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void peerDropped(Peer peer, PeerFault fault, String reason) {
                drops.add(peer + " " + fault);
            }
        };
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(
                () -> HttpDagFetcher.builder().peer(busy).requestTimeout(Duration.ofSeconds(1)).build()
                        .fetch(dag.root, new MemoryBlockstore(), listener))
                .isInstanceOf(BlockUnavailableException.class)
                .hasMessageContaining(busy.toString())
                .hasMessageContaining("HTTP 503"));
        assertThat(drops).containsExactly(busy + " UNREACHABLE");
    }

    /**
     * A fetch that is stopped (an install cancels its other fetches when one fails) closes its
     * connections and interrupts its workers; the worker waiting for a block took that for the
     * peer failing and dropped it as unreachable, in the session too, and told the listener.
     */
    @Test
    void anAbortedFetchBlamesNoPeer() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 4, 1024, 23);
        CountDownLatch leafAsked = new CountDownLatch(1);
        Peer slow = peer(origin, (ex, cid, block) -> {
            if (cid.codec() == Cid.RAW) {
                leafAsked.countDown();
                Thread.sleep(30_000); // an honest peer, just not done yet
            }
            serve(ex, block);
        });
        List<String> events = new CopyOnWriteArrayList<>();
        FetchListener listener = new FetchListener() {
            @Override
            public void peerFault(PeerFaultException fault) {
                events.add("fault " + fault.getMessage());
            }

            @Override
            public void peerDropped(Peer peer, PeerFault fault, String reason) {
                events.add("dropped " + peer + " " + fault + ": " + reason);
            }
        };
        FetchSession session = new FetchSession();
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(slow).connectionsPerPeer(1).pipelineDepth(1)
                .maxConsecutiveErrors(1).rateGrace(Duration.ofSeconds(60)).requestTimeout(Duration.ofSeconds(60))
                .build();
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                fetcher.fetch(dag.root, new MemoryBlockstore(), listener, session);
                outcome.set(new AssertionError("the fetch completed"));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        assertThat(leafAsked.await(20, TimeUnit.SECONDS)).as("a leaf was requested").isTrue();
        t.interrupt();
        t.join(20_000);
        assertThat(t.isAlive()).as("the fetch returned").isFalse();
        assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        Thread.sleep(300); // a straggling worker would report now
        assertThat(events).isEmpty();
        assertThat(session.droppedPeers()).isEmpty();
    }

    /**
     * A gateway behind a CDN may send "103 Early Hints" before each answer. The interim response
     * was taken for the answer (a failure), so with pipelining the next request got the previous
     * block's bytes: they did not hash to its CID and the honest peer was blacklisted.
     */
    @Test
    void interimResponsesDoNotGetAnHonestPeerBlacklisted() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 16, 2048, 24);
        java.net.ServerSocket ss = new java.net.ServerSocket(0, 64, java.net.InetAddress.getLoopbackAddress());
        servers.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                java.net.Socket s;
                try {
                    s = ss.accept();
                } catch (IOException e) {
                    return;
                }
                Thread.ofVirtual().start(() -> {
                    try (s) {
                        java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(
                                s.getInputStream(), java.nio.charset.StandardCharsets.ISO_8859_1));
                        java.io.OutputStream out = s.getOutputStream();
                        String line;
                        while ((line = in.readLine()) != null) {
                            if (!line.startsWith("GET ")) {
                                continue;
                            }
                            String path = line.split(" ")[1];
                            Cid cid = Cid.parse(path.substring(6, path.indexOf('?')));
                            while (!in.readLine().isEmpty()) {
                                // headers
                            }
                            byte[] block = origin.get(cid).orElseThrow();
                            out.write(("HTTP/1.1 103 Early Hints\r\nLink: </x.css>; rel=preload\r\n\r\n"
                                    + "HTTP/1.1 200 OK\r\nContent-Length: " + block.length + "\r\n\r\n")
                                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                            out.write(block);
                            out.flush();
                        }
                    } catch (Exception e) {
                        // the client hung up
                    }
                });
            }
        });
        Peer cdn = Peer.parse("http://127.0.0.1:" + ss.getLocalPort());
        Blacklist blacklist = Blacklist.inMemory(java.time.Clock.systemUTC());
        MemoryBlockstore into = new MemoryBlockstore();
        FetchSummary s = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> HttpDagFetcher.builder().peer(cdn)
                .blacklist(blacklist).build().fetch(dag.root, into, FetchListener.NONE));
        assertThat(s.blocks()).isEqualTo(17);
        assertThat(TestDag.readFile(into, dag)).isEqualTo(dag.content);
        assertThat(blacklist.entries()).isEmpty();
    }
}
