package dev.dpm.storage;

import dev.dpm.content.Cid;

/** A peer misbehaved while serving a block; {@link #fault()} says how. */
public class PeerFaultException extends FetchException {
    private final PeerFault fault;

    public PeerFaultException(PeerFault fault, String message, Cid cid, Peer peer) {
        super(message, cid, peer);
        this.fault = fault;
    }

    public PeerFault fault() {
        return fault;
    }
}
