package dev.dpm.storage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The peers a node or client knows: the configured ones (kept for good) plus those learned by peer
 * exchange (bounded; the oldest learned one makes room for a new one). Thread-safe.
 */
public final class PeerSet {
    /** Default bound on learned peers, so peer exchange cannot fill memory. */
    public static final int DEFAULT_MAX_LEARNED = 256;

    private final Map<Peer, Boolean> peers = new LinkedHashMap<>(); // value: configured
    private final int maxLearned;
    private int learned;

    public PeerSet() {
        this(DEFAULT_MAX_LEARNED);
    }

    public PeerSet(int maxLearned) {
        this.maxLearned = maxLearned;
    }

    /** A set holding {@code configured} as configured peers. */
    public static PeerSet of(Collection<Peer> configured) {
        PeerSet s = new PeerSet();
        configured.forEach(s::addConfigured);
        return s;
    }

    /** Adds a peer that stays (from configuration or the command line). */
    public synchronized void addConfigured(Peer peer) {
        Boolean was = peers.put(peer, Boolean.TRUE);
        if (Boolean.FALSE.equals(was)) {
            learned--;
        }
    }

    /**
     * Adds a peer learned from another peer. Returns true if it was new. When the bound is reached
     * the oldest learned peer is forgotten.
     */
    public synchronized boolean addLearned(Peer peer) {
        if (peers.containsKey(peer) || maxLearned <= 0) {
            return false;
        }
        if (learned >= maxLearned) {
            for (var it = peers.entrySet().iterator(); it.hasNext(); ) {
                if (!it.next().getValue()) {
                    it.remove();
                    learned--;
                    break;
                }
            }
        }
        peers.put(peer, Boolean.FALSE);
        learned++;
        return true;
    }

    public synchronized boolean remove(Peer peer) {
        Boolean was = peers.remove(peer);
        if (Boolean.FALSE.equals(was)) {
            learned--;
        }
        return was != null;
    }

    public synchronized boolean contains(Peer peer) {
        return peers.containsKey(peer);
    }

    /** True if the peer came from configuration rather than exchange. */
    public synchronized boolean isConfigured(Peer peer) {
        return Boolean.TRUE.equals(peers.get(peer));
    }

    /** A snapshot, configured peers first in insertion order. */
    public synchronized List<Peer> all() {
        List<Peer> out = new ArrayList<>(peers.size());
        peers.forEach((p, configured) -> {
            if (configured) {
                out.add(p);
            }
        });
        peers.forEach((p, configured) -> {
            if (!configured) {
                out.add(p);
            }
        });
        return out;
    }

    public synchronized int size() {
        return peers.size();
    }
}
