package dev.dpm.content;

/** A block whose bytes do not hash to the CID it was given under. */
public final class BlockMismatchException extends ContentException {
    private final Cid expected;
    private final Multihash actual;

    public BlockMismatchException(Cid expected, Multihash actual, String where) {
        super("block " + expected + (where == null ? "" : " from " + where)
                + " does not match its CID (content hashes to " + actual + ")");
        this.expected = expected;
        this.actual = actual;
    }

    /** The CID the block was supposed to have. */
    public Cid expected() {
        return expected;
    }

    /** The multihash of the bytes actually received. */
    public Multihash actual() {
        return actual;
    }
}
