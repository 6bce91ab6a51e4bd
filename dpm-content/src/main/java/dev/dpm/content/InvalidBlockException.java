package dev.dpm.content;

/** A block whose bytes are not valid for its codec (dag-pb, UnixFS) or that dpm cannot interpret. */
public final class InvalidBlockException extends ContentException {
    private final Cid cid;

    public InvalidBlockException(Cid cid, String reason) {
        super("block " + (cid == null ? "(unknown CID)" : cid.toString()) + ": " + reason);
        this.cid = cid;
    }

    /** The block at fault, or null when it was decoded without a CID. */
    public Cid cid() {
        return cid;
    }
}
