package dev.dpm.content;

/** A block a DAG needs that is not in the blockstore. */
public final class MissingBlockException extends ContentException {
    private final Cid cid;

    public MissingBlockException(Cid cid) {
        super("block " + cid + " is not in the blockstore");
        this.cid = cid;
    }

    public Cid cid() {
        return cid;
    }
}
