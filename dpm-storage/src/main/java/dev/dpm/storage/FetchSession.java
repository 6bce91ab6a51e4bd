package dev.dpm.storage;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The peers dropped during one operation that makes several fetches (an install fetching one payload
 * per package): a peer dropped by one fetch of the session, for any fault (too slow, unreachable, or a
 * lie), stays dropped for every other fetch of the session, including those already running, and is
 * reported to a listener once. Without a session a peer dropped as too slow is asked, and waited for
 * during the rate grace period, again by every fetch. Thread-safe; a session is never reset: start a
 * new one for the next operation.
 */
public final class FetchSession {
    /** Why a peer was dropped, as the fetch that dropped it saw it. */
    record Drop(PeerFault fault, String reason, PeerFaultException typed) {
    }

    private final Map<Peer, Drop> dropped = new ConcurrentHashMap<>();
    private final boolean deferSync;

    /** A session with no peer dropped yet; each fetch makes its blocks durable before it returns. */
    public FetchSession() {
        this(false);
    }

    /**
     * With {@code deferSync}, a fetch of this session returns without syncing the blockstore: the caller
     * syncs it once after all its fetches (an install of many small packages otherwise pays one
     * round of fsyncs per package, and they run one at a time), and must before relying on the
     * blocks' durability (before pinning them).
     */
    public FetchSession(boolean deferSync) {
        this.deferSync = deferSync;
    }

    /** Whether the fetches of this session leave syncing the blockstore to the caller. */
    public boolean deferSync() {
        return deferSync;
    }

    /** Records the drop; true if {@code peer} was not dropped in this session before (report it then). */
    boolean drop(Peer peer, Drop drop) {
        return dropped.putIfAbsent(peer, drop) == null;
    }

    Optional<Drop> dropped(Peer peer) {
        return Optional.ofNullable(dropped.get(peer));
    }

    /** The peers dropped so far in this session, with their fault. */
    public Map<Peer, PeerFault> droppedPeers() {
        Map<Peer, PeerFault> out = new LinkedHashMap<>();
        dropped.forEach((p, d) -> out.put(p, d.fault()));
        return out;
    }
}
