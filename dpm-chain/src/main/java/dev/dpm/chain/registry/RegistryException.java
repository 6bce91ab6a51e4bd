package dev.dpm.chain.registry;

import dev.dpm.chain.ChainException;

/** The registry answered something this client cannot use (malformed data, a manifest that does not match its CID). */
public class RegistryException extends ChainException {
    public RegistryException(String message) {
        super(message);
    }

    public RegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
