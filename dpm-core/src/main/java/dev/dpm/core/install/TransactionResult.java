package dev.dpm.core.install;

import dev.dpm.core.db.HistoryEntry;
import java.util.List;

/**
 * What a committed transaction did.
 *
 * @param transactionId its id (also in the history)
 * @param changes one history entry per package installed, upgraded or removed
 * @param filesWritten regular files and symlinks moved into place
 * @param filesRemoved paths removed (files, symlinks, directories)
 * @param bytesWritten bytes of regular files written
 * @param configFiles changed configuration files that were kept, or saved (see {@link ConfigFileNote})
 */
public record TransactionResult(String transactionId, List<HistoryEntry> changes, int filesWritten,
        int filesRemoved, long bytesWritten, List<ConfigFileNote> configFiles) {
    public TransactionResult {
        changes = List.copyOf(changes);
        configFiles = List.copyOf(configFiles);
    }
}
