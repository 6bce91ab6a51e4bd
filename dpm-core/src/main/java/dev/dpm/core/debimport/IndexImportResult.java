package dev.dpm.core.debimport;

import java.time.Duration;

/**
 * The outcome of an index import.
 *
 * @param stanzas       stanzas read from the index
 * @param releases      distinct {@code name@version} among them
 * @param published     releases this run published
 * @param alreadyThere  releases the chain already had with the same manifest (checkpointed or found)
 * @param skipped       releases not published (another manifest already bound, or beyond the registry's limits)
 * @param transactions  batch transactions this run sent
 * @param publishing    time spent publishing (after loading and resuming)
 * @param total         wall time of the run
 */
public record IndexImportResult(int stanzas, int releases, long published, long alreadyThere, long skipped,
        long transactions, Duration publishing, Duration total) {
}
