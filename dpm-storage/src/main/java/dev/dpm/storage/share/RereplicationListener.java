package dev.dpm.storage.share;

import dev.dpm.content.Cid;

/** Progress of a re-replication; called from worker threads, so implementations must be thread-safe. */
public interface RereplicationListener {
    /** A copy of {@code root} now sits on {@code member}; {@code done} of {@code total} copies are finished. */
    default void copied(Cid root, String member, long bytes, int done, int total) {
    }

    RereplicationListener NONE = new RereplicationListener() {
    };
}
