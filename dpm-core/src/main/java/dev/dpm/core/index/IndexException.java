package dev.dpm.core.index;

import dev.dpm.core.DpmException;

/**
 * The index could not be synced: the chain could not be read or trusted (endpoint named), the local
 * database failed (file named), or the root was synced from another chain or registry.
 */
public final class IndexException extends DpmException {
    private static final long serialVersionUID = 1L;

    public IndexException(String message) {
        super(message);
    }

    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
