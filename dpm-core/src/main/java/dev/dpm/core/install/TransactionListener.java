package dev.dpm.core.install;

/**
 * Progress of a transaction, for the front end. Called on the thread running the transaction;
 * implementations must be quick and must not throw.
 */
public interface TransactionListener {
    TransactionListener NONE = new TransactionListener() {
    };

    /** An interrupted transaction was found and rolled back or forward (or its staging discarded). */
    default void recovered(RecoveryReport report) {
    }

    /** {@code step} starts. */
    default void stepStarted(TransactionStep step) {
    }

    /** A file of {@code packageName} was staged and verified ({@code done} of {@code total}). */
    default void fileStaged(String packageName, String path, long bytes, int done, int total) {
    }

    /** One journal operation was applied ({@code done} of {@code total}). */
    default void operationApplied(String path, int done, int total) {
    }
}
