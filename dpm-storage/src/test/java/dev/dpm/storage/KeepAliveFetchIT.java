package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Keep-alive across the fetches of one {@link HttpDagFetcher}: connections counted where the server
 * accepts them (a raw HTTP/1.1 gateway impostor, so the count is the server's, not the client's).
 */
class KeepAliveFetchIT {
    final List<AutoCloseable> servers = new ArrayList<>();

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : servers) {
            c.close();
        }
    }

    /**
     * A minimal Trustless Gateway over raw sockets, keep-alive and pipelining included. It counts
     * accepted and still-open connections; when told, it hangs up on a connection of an earlier
     * generation as soon as a request arrives on it (as a server whose keep-alive timeout fires just
     * when the client reuses the connection), or corrupts every block after the first few.
     */
    static final class Gateway implements AutoCloseable {
        final Blockstore store;
        final ServerSocket socket;
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger hungUp = new AtomicInteger();
        final Set<Socket> open = ConcurrentHashMap.newKeySet();
        volatile int generation;
        volatile boolean hangUpOnOld;
        /** Blocks served honestly before every later one is corrupted (default: never). */
        volatile int honestBlocks = Integer.MAX_VALUE;
        final AtomicInteger served = new AtomicInteger();

        Gateway(Blockstore store) throws IOException {
            this.store = store;
            this.socket = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
            Thread.ofVirtual().start(this::acceptLoop);
        }

        Peer peer() {
            return Peer.parse("http://127.0.0.1:" + socket.getLocalPort());
        }

        void acceptLoop() {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    accepted.incrementAndGet();
                    open.add(s);
                    int gen = generation;
                    Thread.ofVirtual().start(() -> serve(s, gen));
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        void serve(Socket s, int gen) {
            try (s) {
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream();
                while (true) {
                    String request = readLine(in);
                    if (request == null) {
                        return; // the client closed it
                    }
                    while (!readLine(in).isEmpty()) {
                        // headers
                    }
                    if (hangUpOnOld && gen < generation) {
                        hungUp.incrementAndGet();
                        return;
                    }
                    String path = request.split(" ")[1];
                    Cid cid = Cid.parse(path.substring("/ipfs/".length(), path.indexOf('?')));
                    byte[] block = store.get(cid).orElse(null);
                    if (block == null) {
                        out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    } else {
                        if (served.incrementAndGet() > honestBlocks) {
                            block = block.clone();
                            block[0] ^= 1;
                        }
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipld.raw\r\nContent-Length: "
                                + block.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        out.write(block);
                    }
                    out.flush();
                }
            } catch (Exception e) {
                // the client hung up
            } finally {
                open.remove(s);
            }
        }

        static String readLine(InputStream in) throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return null;
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** Waits up to 10 s for the open connections to drop to {@code n}; returns how many are open. */
        int awaitOpen(int n) throws InterruptedException {
            long start = System.nanoTime();
            while (open.size() != n && System.nanoTime() - start < 10_000_000_000L) {
                Thread.sleep(10);
            }
            return open.size();
        }

        @Override
        public void close() throws IOException {
            socket.close();
            for (Socket s : open) {
                s.close();
            }
        }
    }

    Gateway gateway(Blockstore store) throws IOException {
        Gateway g = new Gateway(store);
        servers.add(g);
        return g;
    }

    /** Records what the fetcher reports against peers, and every block stored. */
    static final class Recorder implements FetchListener {
        final List<String> faults = new CopyOnWriteArrayList<>();
        final List<Cid> stored = new CopyOnWriteArrayList<>();

        @Override
        public void blockStored(Cid cid, int size, Peer from) {
            stored.add(cid);
        }

        @Override
        public void peerFault(PeerFaultException fault) {
            faults.add(fault.getMessage());
        }

        @Override
        public void peerDropped(Peer peer, PeerFault fault, String reason) {
            faults.add(peer + " dropped: " + reason);
        }
    }

    @Test
    void consecutiveFetchesReuseTheConnectionsOfTheFirstAndCloseClosesThem() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        List<TestDag> dags = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            dags.add(TestDag.file(origin, 2, 4096, i));
        }
        Gateway g = gateway(origin);
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(g.peer()).connectionsPerPeer(2).build();
        MemoryBlockstore into = new MemoryBlockstore();
        for (TestDag d : dags) {
            fetcher.fetch(d.root, into, FetchListener.NONE);
            assertThat(TestDag.readFile(into, d)).isEqualTo(d.content);
        }
        // Each fetch used at least one connection: 4 or more if each opened its own. Kept ones are
        // at most connectionsPerPeer, and a fetch has no more workers than that to use them.
        assertThat(g.accepted.get()).as("connections accepted over 4 fetches").isBetween(1, 2);
        assertThat(fetcher.idleConnections(g.peer())).isEqualTo(g.open.size()).isPositive();
        fetcher.close();
        assertThat(fetcher.idleConnections(g.peer())).isZero();
        assertThat(g.awaitOpen(0)).as("connections still open at the server after close()").isZero();
        // Still usable after close(), keeping nothing
        TestDag more = TestDag.file(origin, 2, 4096, 99);
        fetcher.fetch(more.root, into, FetchListener.NONE);
        assertThat(TestDag.readFile(into, more)).isEqualTo(more.content);
        assertThat(g.awaitOpen(0)).isZero();
    }

    @Test
    void idleConnectionsAreClosedAfterTheIdleTimeoutWithoutClose() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 3, 4096, 1);
        Gateway g = gateway(origin);
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(g.peer()).idleTimeout(Duration.ofMillis(300)).build();
        fetcher.fetch(dag.root, new MemoryBlockstore(), FetchListener.NONE);
        assertThat(fetcher.idleConnections(g.peer())).isPositive();
        assertThat(g.open).isNotEmpty();
        // due after the timeout plus the sweeper's period (1.3 s); a fixed wait of 1.5 s left the sweeper
        // thread 0.2 s to get the CPU. Without the sweeper they would stay until the next fetch.
        long start = System.nanoTime();
        while (fetcher.idleConnections(g.peer()) != 0 && System.nanoTime() - start < 10_000_000_000L) {
            Thread.sleep(10);
        }
        assertThat(fetcher.idleConnections(g.peer())).isZero();
        assertThat(g.awaitOpen(0)).isZero();
    }

    @Test
    void aKeptConnectionThePeerHangsUpOnIsRetriedWithoutHoldingItAgainstThePeer() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag first = TestDag.file(origin, 2, 4096, 1);
        TestDag second = TestDag.file(origin, 6, 4096, 2);
        Gateway g = gateway(origin);
        // One failure in a row drops the peer: a reused connection counted as one fails the fetch
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(g.peer()).connectionsPerPeer(2)
                .maxConsecutiveErrors(1).build();
        fetcher.fetch(first.root, new MemoryBlockstore(), FetchListener.NONE);
        assertThat(fetcher.idleConnections(g.peer())).isPositive();
        g.hangUpOnOld = true;
        g.generation++;
        Recorder r = new Recorder();
        MemoryBlockstore into = new MemoryBlockstore();
        FetchSummary s = fetcher.fetch(second.root, into, r);
        assertThat(g.hungUp.get()).as("requests on kept connections hung up on").isPositive();
        assertThat(r.faults).isEmpty();
        assertThat(s.dropped()).isEmpty();
        assertThat(TestDag.readFile(into, second)).isEqualTo(second.content);
        assertThat(r.stored).as("each block stored once").doesNotHaveDuplicates().hasSize(second.leaves.size() + 1);
        assertThat(s.blocks()).isEqualTo(second.leaves.size() + 1);
        fetcher.close();
    }

    @Test
    void aNodeStopsAtOnceThoughClientsKeepIdleConnectionsToIt() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag dag = TestDag.file(origin, 2, 4096, 3);
        StorageNode node = StorageNode.builder(origin).build().start();
        try (HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(node.peer()).build()) {
            fetcher.fetch(dag.root, new MemoryBlockstore(), FetchListener.NONE);
            assertThat(fetcher.idleConnections(node.peer())).isPositive();
            long t0 = System.nanoTime();
            node.close();
            // before, the stop waited its whole 2 s timeout (Jetty's stop timeout) for the idle keep-alive
            // connections: any bound below that tells the two apart, the rest is room for a loaded machine
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(1900));
        } finally {
            node.close();
        }
    }

    @Test
    void aKeptConnectionToANodeThatRestartedIsSkipped() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag first = TestDag.file(origin, 2, 4096, 1);
        TestDag second = TestDag.file(origin, 4, 4096, 2);
        StorageNode node = StorageNode.builder(origin).build().start();
        int port = node.port();
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(node.peer()).maxConsecutiveErrors(1).build();
        try {
            fetcher.fetch(first.root, new MemoryBlockstore(), FetchListener.NONE);
            assertThat(fetcher.idleConnections(node.peer())).isPositive();
            node.close(); // closes every connection, the kept ones included
            node = StorageNode.builder(origin).port(port).build().start();
            Recorder r = new Recorder();
            MemoryBlockstore into = new MemoryBlockstore();
            FetchSummary s = fetcher.fetch(second.root, into, r);
            assertThat(r.faults).isEmpty();
            assertThat(s.dropped()).isEmpty();
            assertThat(TestDag.readFile(into, second)).isEqualTo(second.content);
        } finally {
            fetcher.close();
            node.close();
        }
    }

    @Test
    void noConnectionOfADroppedPeerIsKept() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        TestDag first = TestDag.file(origin, 24, 4096, 5);
        TestDag second = TestDag.file(origin, 8, 4096, 6);
        Gateway honest = gateway(origin);
        Gateway liar = gateway(origin);
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peers(List.of(liar.peer(), honest.peer()))
                .connectionsPerPeer(4).build();
        MemoryBlockstore into = new MemoryBlockstore();
        FetchSummary s1 = fetcher.fetch(first.root, into, FetchListener.NONE);
        assertThat(s1.bytesByPeer().get(liar.peer())).as("blocks the liar served honestly").isPositive();
        assertThat(fetcher.idleConnections(liar.peer())).as("kept while it was honest").isPositive();
        liar.honestBlocks = liar.served.get(); // from now on it corrupts every block
        Recorder r = new Recorder();
        FetchSummary s2 = fetcher.fetch(second.root, into, r);
        assertThat(TestDag.readFile(into, second)).isEqualTo(second.content);
        assertThat(s2.dropped()).containsOnlyKeys(liar.peer());
        assertThat(r.faults).anyMatch(f -> f.contains("served a wrong block"));
        assertThat(fetcher.idleConnections(liar.peer())).isZero();
        assertThat(liar.awaitOpen(0)).as("connections to the liar left open").isZero();
        assertThat(fetcher.idleConnections(honest.peer())).isPositive();
        fetcher.close();
    }
}
