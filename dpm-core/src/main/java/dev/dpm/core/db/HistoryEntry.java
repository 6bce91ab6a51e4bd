package dev.dpm.core.db;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of the history: what a committed transaction did to one package.
 *
 * @param time commit time
 * @param action install, upgrade (includes a change of version in either direction) or remove
 * @param packageName the package
 * @param fromVersion version before (null for an install)
 * @param toVersion version after (null for a remove)
 * @param transactionId the transaction that did it
 */
public record HistoryEntry(Instant time, HistoryAction action, String packageName, String fromVersion,
        String toVersion, String transactionId) {
    public HistoryEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(transactionId, "transactionId");
    }
}
