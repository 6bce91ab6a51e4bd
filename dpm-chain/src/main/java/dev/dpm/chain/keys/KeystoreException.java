package dev.dpm.chain.keys;

import dev.dpm.chain.ChainException;

/** A keystore file that is missing, unreadable, or whose password is wrong (the message names the file or account). */
public class KeystoreException extends ChainException {
    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
