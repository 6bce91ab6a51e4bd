package dev.dpm.core.install;

import java.nio.file.Path;

/**
 * An interrupted transaction could not be rolled forward or back; its journal is kept so that the
 * next attempt retries, and the root must not be changed until then.
 */
public final class RecoveryException extends TransactionException {
    private final Path journal;

    public RecoveryException(Path journal, String message, Throwable cause) {
        super("cannot recover the interrupted transaction in " + journal + ": " + message, cause);
        this.journal = journal;
    }

    public Path journal() {
        return journal;
    }
}
