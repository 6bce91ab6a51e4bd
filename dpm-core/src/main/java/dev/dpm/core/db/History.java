package dev.dpm.core.db;

import java.util.List;

/** Read view of the transaction history and of which transactions committed. */
public interface History {
    /** Every entry, oldest first. */
    List<HistoryEntry> all() throws DatabaseException;

    /** Whether the transaction {@code id} committed to this database (the installer's recovery marker). */
    boolean isCommitted(String transactionId) throws DatabaseException;
}
