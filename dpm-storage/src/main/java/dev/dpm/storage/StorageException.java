package dev.dpm.storage;

/**
 * Root of the storage module's checked failures. Each subclass names what was at fault: the peer,
 * the block (CID), the file or the address.
 */
public class StorageException extends Exception {
    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
