package dev.dpm.storage;

/** The storage node could not start, e.g. its address is in use; names the address. */
public final class NodeStartException extends StorageException {
    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
