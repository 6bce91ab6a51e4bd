package dev.dpm.storage;

/** The local blockstore failed (disk full, permissions); names the underlying failure. */
public final class LocalStoreException extends StorageException {
    public LocalStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
