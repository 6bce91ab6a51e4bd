package dev.dpm.core.debimport;

import java.time.Duration;

/**
 * Where an index import stands.
 *
 * @param done       releases of the index that are on chain (published now or before, or skipped)
 * @param total      releases in the index
 * @param published  releases this run published
 * @param elapsed    time since this run started publishing
 */
public record IndexImportProgress(long done, long total, long published, Duration elapsed) {
    /** Releases published per second by this run (0 before the first). */
    public double rate() {
        double s = elapsed.toNanos() / 1e9;
        return s <= 0 ? 0 : published / s;
    }

    /** Estimated time to finish at the current rate, or null before anything was published. */
    public Duration eta() {
        double r = rate();
        return r <= 0 ? null : Duration.ofMillis((long) ((total - done) / r * 1000));
    }
}
