package dev.dpm.storage;

import dev.dpm.content.Blockstore;
import dev.dpm.storage.internal.GatewayHandler;
import dev.dpm.storage.internal.IdleEvictingHandler;
import dev.dpm.storage.internal.NodeIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A dpm storage node: serves the blocks of a {@link Blockstore} over HTTP.
 *
 * <ul>
 *   <li>IPFS Trustless Gateway: {@code GET|HEAD /ipfs/{cid}} with {@code ?format=raw} /
 *       {@code Accept: application/vnd.ipld.raw} (the exact block) or {@code ?format=car} /
 *       {@code application/vnd.ipld.car} ({@code dag-scope=block|entity|all}, {@code order=dfs},
 *       {@code dups=n|y}); probe {@code /ipfs/bafkqaaa} answers 200 with an empty body.</li>
 *   <li>Delegated Routing V1: {@code GET /routing/v1/providers/{cid}} names this node when it holds
 *       the block (JSON or {@code application/x-ndjson}), 404 otherwise.</li>
 *   <li>Peer exchange: {@code GET /dpm/v1/peers}; with an exchange interval the node also asks its
 *       peers for theirs and learns new ones ({@link PeerSet} bounds how many).</li>
 * </ul>
 *
 * <p>Limits ({@link NodeLimits}): connections (at the limit, idle keep-alive ones are closed to admit new
 * clients), per-client request rate (429 with Retry-After),
 * idle timeout, block size, optional egress cap. Built with {@link #builder(Blockstore)}; {@link
 * #start()} binds (port 0 picks a free port), {@link #close()} stops. Thread-safe.
 */
public final class StorageNode implements AutoCloseable {
    private final Blockstore store;
    private final String host;
    private final int port;
    private final PeerSet peers;
    private final NodeLimits limits;
    private final Path identityKey;
    private final URI advertised;
    private final Duration exchangeInterval;
    private final NodeListener listener;
    private Server server;
    private IdleEvictingHandler evicting;
    private ServerConnector connector;
    private NodeIdentity identity;
    private ScheduledExecutorService exchanger;
    private volatile URI url;
    private final Set<Peer> notExchanging = ConcurrentHashMap.newKeySet();

    private StorageNode(Builder b) {
        this.store = b.store;
        this.host = b.host;
        this.port = b.port;
        this.peers = b.peers;
        this.limits = b.limits;
        this.identityKey = b.identityKey;
        this.advertised = b.advertised;
        this.exchangeInterval = b.exchangeInterval;
        this.listener = b.listener;
    }

    public static Builder builder(Blockstore store) {
        return new Builder(store);
    }

    /**
     * Binds and starts serving.
     *
     * @throws NodeStartException naming the address when it cannot listen, or the key file when the
     *                            identity cannot be read
     */
    public synchronized StorageNode start() throws NodeStartException {
        if (server != null) {
            throw new IllegalStateException("node already started");
        }
        try {
            identity = identityKey != null ? NodeIdentity.loadOrCreate(identityKey) : NodeIdentity.ephemeral();
        } catch (IOException e) {
            throw new NodeStartException("cannot load node identity " + identityKey + ": " + e.getMessage(), e);
        }
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), Math.min(8, limits.maxThreads()));
        pool.setName("dpm-node");
        // Pool buffers up to a whole block: raw blocks are served from pooled direct buffers, and
        // Jetty's default pool stops at 64 KiB (larger ones would be allocated afresh per request).
        ArrayByteBufferPool buffers = new ArrayByteBufferPool(0, 64 * 1024, limits.maxBlockSize() + 64 * 1024,
                -1, 0, 512L << 20);
        Server s = new Server(pool, null, buffers);
        HttpConfiguration hc = new HttpConfiguration();
        hc.setSendServerVersion(false);
        hc.setSendXPoweredBy(false);
        hc.setOutputBufferSize(64 * 1024);
        ServerConnector c = new ServerConnector(s, new HttpConnectionFactory(hc));
        c.setHost(host);
        c.setPort(port);
        c.setIdleTimeout(limits.idleTimeout().toMillis());
        c.setAcceptQueueSize(Math.min(1024, limits.maxConnections()));
        s.addConnector(c);
        s.addBean(new NetworkConnectionLimit(limits.maxConnections(), c));
        // At the connection limit, idle keep-alive connections are closed to admit new clients:
        // without it, clients that keep their idle connections (HttpDagFetcher does, for 20 s)
        // fill the limit and every new connection waits in the backlog with no byte for seconds.
        IdleEvictingHandler evicting = new IdleEvictingHandler(
                new GatewayHandler(store, limits, identity.peerId(), () -> url, peers), limits.maxConnections(),
                s.getScheduler());
        c.addEventListener(evicting.connectionListener());
        s.setHandler(evicting);
        this.evicting = evicting;
        s.setStopTimeout(2000);
        try {
            s.start();
        } catch (Exception e) {
            try {
                s.stop();
            } catch (Exception ignored) {
                // the start failure is what the caller needs to know
            }
            throw new NodeStartException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server = s;
        connector = c;
        String h = host.contains(":") ? "[" + host + "]" : host;
        if (host.equals("0.0.0.0") || host.equals("::")) {
            h = "127.0.0.1";
        }
        url = advertised != null ? advertised : URI.create("http://" + h + ":" + c.getLocalPort());
        listener.started(new Peer(url), identity.peerId());
        if (!exchangeInterval.isZero()) {
            exchanger = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "dpm-peer-exchange");
                t.setDaemon(true);
                return t;
            });
            long ms = exchangeInterval.toMillis();
            exchanger.scheduleWithFixedDelay(() -> {
                try {
                    exchangePeers();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (RuntimeException e) {
                    // A scheduled task that throws is cancelled for good, silently: the node would
                    // never exchange peers again. The round is lost; the next one tries afresh.
                }
            }, 0, ms, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * Asks every known peer for its peers once and adds the new ones (never this node itself).
     *
     * @return how many peers were learned
     */
    public int exchangePeers() throws InterruptedException {
        int learned = 0;
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            PeerExchange px = new PeerExchange(http, Duration.ofSeconds(10));
            Peer me = peer();
            for (Peer p : peers.all()) {
                if (notExchanging.contains(p)) {
                    continue;
                }
                try {
                    Optional<List<Peer>> answer = px.peersOf(p);
                    if (answer.isEmpty()) {
                        notExchanging.add(p); // a plain gateway (Kubo): do not ask it every minute
                        continue;
                    }
                    for (Peer q : answer.get()) {
                        if (!q.equals(me) && peers.addLearned(q)) {
                            learned++;
                            listener.peerLearned(q, p);
                        }
                    }
                } catch (FetchException e) {
                    listener.exchangeFailed(p, e.getMessage());
                }
            }
        }
        return learned;
    }

    /** The base URL peers use to reach this node (after {@link #start()}). */
    public URI url() {
        return Objects.requireNonNull(url, "node not started");
    }

    /** This node as a peer (after {@link #start()}). */
    public Peer peer() {
        return new Peer(url());
    }

    /** The bound port (after {@link #start()}). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The node's peer ID as it appears in routing answers (after {@link #start()}). */
    public String peerId() {
        return identity.peerId();
    }

    public PeerSet peers() {
        return peers;
    }

    /** Blocks until the node stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    /** Stops serving; idempotent. In-flight responses get up to two seconds to finish. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        if (exchanger != null) {
            exchanger.shutdownNow();
        }
        if (evicting != null) {
            evicting.closeIdle(); // else the stop waits its timeout for clients' idle keep-alive connections
        }
        try {
            server.stop();
        } catch (Exception e) {
            // stopping is best effort; the port is released when the process ends anyway
        }
        server = null;
        listener.stopped();
    }

    /** Configuration of a {@link StorageNode}. */
    public static final class Builder {
        private final Blockstore store;
        private String host = "127.0.0.1";
        private int port = 0;
        private PeerSet peers = new PeerSet();
        private NodeLimits limits = NodeLimits.defaults();
        private Path identityKey;
        private URI advertised;
        private Duration exchangeInterval = Duration.ZERO;
        private NodeListener listener = NodeListener.NONE;

        private Builder(Blockstore store) {
            this.store = Objects.requireNonNull(store, "blockstore");
        }

        /** Address to bind; default 127.0.0.1. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Port to bind; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Parses {@code host:port} (as in the configuration's {@code nodeListen}). */
        public Builder listen(String hostPort) {
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("listen address must be host:port, got '" + hostPort + "'");
            }
            this.host = hostPort.substring(0, colon).replace("[", "").replace("]", "");
            this.port = Integer.parseInt(hostPort.substring(colon + 1));
            return this;
        }

        public Builder peers(PeerSet peers) {
            this.peers = Objects.requireNonNull(peers);
            return this;
        }

        public Builder limits(NodeLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** File holding the node's key (created on first start); default: a key per process. */
        public Builder identityKey(Path file) {
            this.identityKey = file;
            return this;
        }

        /** URL announced to peers and in routing answers; default http://host:boundPort. */
        public Builder advertisedUrl(URI url) {
            this.advertised = url;
            return this;
        }

        /** How often to exchange peers; zero (default) disables the background exchange. */
        public Builder peerExchangeInterval(Duration interval) {
            this.exchangeInterval = interval;
            return this;
        }

        public Builder listener(NodeListener listener) {
            this.listener = Objects.requireNonNull(listener);
            return this;
        }

        public StorageNode build() {
            return new StorageNode(this);
        }
    }
}
