package dev.dpm.core.db;

/**
 * The write views of one SQLite transaction. Valid only during the {@link LocalDatabase#write}
 * call that handed it out; everything done through it commits together or not at all.
 */
public interface DatabaseWriter {
    MutableInstalledPackages installed();

    MutablePackageIndex index();

    History history();

    /** Appends one history line. */
    void recordHistory(HistoryEntry entry) throws DatabaseException;

    /** Marks {@code transactionId} committed: the installer's recovery reads this back. */
    void markCommitted(String transactionId, java.time.Instant time) throws DatabaseException;

    /**
     * Stores the sync state. {@code highestBlockSeen} never decreases: the stored value is the
     * maximum of the old and the new one.
     */
    void saveSyncState(SyncState state) throws DatabaseException;

    /** Raises the highest block seen (no-op when {@code block} is not higher). */
    void noteBlockSeen(long block) throws DatabaseException;
}
