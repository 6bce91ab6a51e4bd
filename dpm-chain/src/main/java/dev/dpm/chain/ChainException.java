package dev.dpm.chain;

/**
 * Root of the chain module's failures. Subclasses carry the concrete thing at fault (endpoint,
 * block, transaction, contract reason); the message is one line a person can act on.
 */
public class ChainException extends Exception {
    public ChainException(String message) {
        super(message);
    }

    public ChainException(String message, Throwable cause) {
        super(message, cause);
    }
}
