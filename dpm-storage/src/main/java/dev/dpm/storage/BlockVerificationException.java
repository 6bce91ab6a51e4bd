package dev.dpm.storage;

import dev.dpm.content.Cid;

/** A peer served bytes that do not hash to the CID that was asked for. */
public final class BlockVerificationException extends PeerFaultException {
    private final transient Cid received;

    public BlockVerificationException(Cid expected, Cid received, Peer peer) {
        super(PeerFault.CORRUPT_BLOCK, "peer " + peer + " served a wrong block for " + expected
                + ": the bytes hash to " + received, expected, peer);
        this.received = received;
    }

    /** The CID that was requested. */
    public Cid expected() {
        return cid();
    }

    /** The CID the received bytes actually have (same codec as {@link #expected()}). */
    public Cid received() {
        return received;
    }
}
