package dev.dpm.core.install;

import java.nio.file.Path;

/** The filesystem holding the root has less usable space than the transaction needs. */
public final class InsufficientSpaceException extends TransactionException {
    private final Path where;
    private final long needed;
    private final long available;

    public InsufficientSpaceException(Path where, long needed, long available) {
        super("not enough space on the filesystem of " + where + ": need " + needed + " bytes, "
                + available + " available");
        this.where = where;
        this.needed = needed;
        this.available = available;
    }

    public Path where() {
        return where;
    }

    public long needed() {
        return needed;
    }

    public long available() {
        return available;
    }
}
