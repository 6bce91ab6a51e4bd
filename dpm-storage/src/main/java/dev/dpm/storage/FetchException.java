package dev.dpm.storage;

import dev.dpm.content.Cid;

/**
 * A fetch did not complete. {@link #cid()} is the block concerned (null when the failure is not
 * about one block), {@link #peer()} the peer concerned (null when no single peer is at fault).
 */
public class FetchException extends StorageException {
    private final transient Cid cid;
    private final Peer peer;

    public FetchException(String message, Cid cid, Peer peer) {
        super(message);
        this.cid = cid;
        this.peer = peer;
    }

    public FetchException(String message, Cid cid, Peer peer, Throwable cause) {
        super(message, cause);
        this.cid = cid;
        this.peer = peer;
    }

    /** The block concerned, or null. */
    public Cid cid() {
        return cid;
    }

    /** The peer concerned, or null. */
    public Peer peer() {
        return peer;
    }
}
