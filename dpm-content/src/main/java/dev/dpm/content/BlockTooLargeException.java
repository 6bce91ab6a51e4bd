package dev.dpm.content;

/** A block above {@link Blockstore#MAX_BLOCK_SIZE}; IPFS peers refuse such blocks, so does dpm. */
public final class BlockTooLargeException extends ContentException {
    private final Cid cid;
    private final long size;

    public BlockTooLargeException(Cid cid, long size) {
        super("block " + cid + " is " + size + " bytes, above the limit of " + Blockstore.MAX_BLOCK_SIZE);
        this.cid = cid;
        this.size = size;
    }

    public Cid cid() {
        return cid;
    }

    public long size() {
        return size;
    }
}
