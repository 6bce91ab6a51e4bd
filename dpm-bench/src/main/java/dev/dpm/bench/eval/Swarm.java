package dev.dpm.bench.eval;

import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.ContentException;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.Peer;
import dev.dpm.storage.StorageException;
import dev.dpm.storage.StorageNode;
import dev.dpm.storage.share.RendezvousHash;
import dev.dpm.storage.share.ShareMember;
import dev.dpm.storage.share.SharePlacement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * N dpm storage nodes on loopback, each serving (Trustless Gateway, egress capped) its
 * rendezvous-hashed share of the archive with replication factor r. Clients compute a package's
 * holders from the member list ({@link SharePlacement#holders}) and fetch its DAG from them with the
 * verified multi-peer fetcher. {@link #close()} stops every node still running.
 */
public final class Swarm implements AutoCloseable {
    private final Map<String, StorageNode> nodes = new LinkedHashMap<>();
    private final Map<String, ShareMember> members = new LinkedHashMap<>();
    private final int replication;
    private volatile RendezvousHash clientView;
    private final RendezvousHash hash;

    private Swarm(int replication, RendezvousHash hash) {
        this.replication = replication;
        this.hash = hash;
        this.clientView = hash;
    }

    /** Starts {@code n} nodes and places the archive on them. */
    public static Swarm start(Archive archive, int n, int r, long capBytesPerSecond) throws StorageException,
            ContentException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("node-" + i);
        }
        RendezvousHash hash = new RendezvousHash(ids);
        Swarm s = new Swarm(r, hash);
        try {
            Map<String, Blockstore> stores = new HashMap<>();
            ids.forEach(id -> stores.put(id, new MemoryBlockstore()));
            SharePlacement.place(archive.source(), archive.roots(), stores, hash, r);
            NodeLimits limits = NodeLimits.defaults().withRequestRate(0, 1).withMaxConnections(4096)
                    .withMaxBytesPerSecond(capBytesPerSecond).withMaxThreads(64);
            for (String id : ids) {
                StorageNode node = StorageNode.builder(stores.get(id)).limits(limits).build().start();
                s.nodes.put(id, node);
                s.members.put(id, new ShareMember(id, node.peer(), stores.get(id)));
            }
        } catch (StorageException | ContentException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The membership the nodes were placed with. */
    public RendezvousHash hash() {
        return hash;
    }

    public int replication() {
        return replication;
    }

    /** Members still running, by id. */
    public Map<String, ShareMember> members() {
        return Map.copyOf(members);
    }

    /** The bytes each node stores, by id (running or not). */
    public Map<String, Long> storedBytes() throws BlockstoreException {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String id : hash.nodes()) {
            ShareMember m = allMembers.getOrDefault(id, members.get(id));
            out.put(id, m == null ? 0 : m.store().stat().bytes());
        }
        return out;
    }

    private final Map<String, ShareMember> allMembers = new HashMap<>();

    /** Stops node {@code id} abruptly (its share becomes unreachable); clients are not told. */
    public void kill(String id) {
        StorageNode n = nodes.remove(id);
        if (n == null) {
            throw new IllegalArgumentException("no running node " + id);
        }
        allMembers.put(id, members.remove(id));
        n.close();
    }

    /** Clients learn the new membership (after re-replication). */
    public void setClientView(RendezvousHash view) {
        this.clientView = view;
    }

    /**
     * Fetches and verifies every block of {@code p}'s DAG from its holders (as the clients see them)
     * into a fresh in-memory store; returns the verified bytes received.
     */
    public long install(ArchivePackage p) throws StorageException, InterruptedException {
        List<Peer> peers = clientView.owners(SharePlacement.key(p.root()), replication).stream()
                .map(id -> {
                    ShareMember m = members.get(id);
                    return m != null ? m.peer() : allMembers.get(id).peer();
                }).toList();
        // Closed after the install, as a `dpm install` process closes its connections when it exits:
        // unclosed, each install's fetcher kept its 2 idle connections per peer for 20 s, thousands
        // of them per run, and the nodes' connection limit filled with them.
        try (HttpDagFetcher fetcher = HttpDagFetcher.builder().peers(peers).connectionsPerPeer(2).minBytesPerSecond(1)
                .requestTimeout(Duration.ofMinutes(2)).maxConsecutiveErrors(1).build()) {
            FetchSummary s = fetcher.fetch(p.root(), new MemoryBlockstore(), FetchListener.NONE);
            return s.bytesFetched();
        }
    }

    @Override
    public void close() {
        nodes.values().forEach(StorageNode::close);
        nodes.clear();
    }
}
