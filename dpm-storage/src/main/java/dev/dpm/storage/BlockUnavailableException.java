package dev.dpm.storage;

import dev.dpm.content.Cid;
import java.util.Map;

/**
 * No usable peer could deliver a block: every peer lacked it, failed, or was dropped. The message
 * lists what happened with each peer; {@link #peerFaults()} has the typed fault of each peer that was
 * dropped (for example a {@link BlockVerificationException}), also attached as suppressed exceptions.
 */
public final class BlockUnavailableException extends FetchException {
    private final transient Map<Peer, PeerFaultException> peerFaults;

    public BlockUnavailableException(Cid cid, String detail) {
        this(cid, detail, Map.of());
    }

    public BlockUnavailableException(Cid cid, String detail, Map<Peer, PeerFaultException> peerFaults) {
        super("block " + cid + " could not be fetched: " + detail, cid, null);
        this.peerFaults = Map.copyOf(peerFaults);
        this.peerFaults.values().forEach(this::addSuppressed);
    }

    /** Why each dropped peer was dropped during the transfer. */
    public Map<Peer, PeerFaultException> peerFaults() {
        return peerFaults;
    }
}
