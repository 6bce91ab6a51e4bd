package dev.dpm.core.install;

import dev.dpm.core.DpmException;

/** A transaction was refused or failed; the message names the package, file or step at fault. */
public class TransactionException extends DpmException {
    public TransactionException(String message) {
        super(message);
    }

    public TransactionException(String message, Throwable cause) {
        super(message, cause);
    }
}
