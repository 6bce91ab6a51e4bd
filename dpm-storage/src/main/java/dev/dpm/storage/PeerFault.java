package dev.dpm.storage;

/** What a peer did wrong during a transfer; decides whether it is blacklisted or only dropped. */
public enum PeerFault {
    /** Served bytes that do not hash to the requested CID: blacklisted. */
    CORRUPT_BLOCK(true),
    /** Sent more bytes than the block may have (2 MiB, or the size its parent states): blacklisted. */
    OVERSIZED_BLOCK(true),
    /** Answered with something that is not the protocol (bad status, wrong content): blacklisted. */
    PROTOCOL_VIOLATION(true),
    /** Sent slower than the minimum rate or stalled: dropped for this transfer only. */
    TOO_SLOW(false),
    /** Could not be reached or kept failing: dropped for this transfer only. */
    UNREACHABLE(false);

    private final boolean blacklists;

    PeerFault(boolean blacklists) {
        this.blacklists = blacklists;
    }

    /** True if this fault puts the peer on the persistent blacklist (as opposed to a per-transfer drop). */
    public boolean blacklists() {
        return blacklists;
    }
}
