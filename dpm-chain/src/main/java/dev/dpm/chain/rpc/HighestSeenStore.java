package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.util.Optional;

/**
 * Port: where the reader remembers the newest block it has pinned, so that an endpoint replaying an
 * older head is refused even after a restart. Implementations must be crash-safe (a torn write must
 * leave the previous value) and thread-safe.
 */
public interface HighestSeenStore {

    /** The newest block recorded, or empty when none was recorded yet. */
    Optional<SeenBlock> load() throws ChainException;

    /**
     * Records {@code block} if it is newer than the one recorded; never moves backwards. Its
     * {@link SeenBlock#linkedFrom() linkedFrom} is recorded with it; for the very block recorded (same
     * number and hash) a non-null {@code linkedFrom} that differs replaces the recorded one (a pin that
     * linked the same head from a newly configured checkpoint). A store that cannot keep
     * {@code linkedFrom} must load it as {@code null}: that only costs a walk to the checkpoint.
     */
    void record(SeenBlock block) throws ChainException;

    /** Whether {@link #record} with {@code block} changes what {@code current} recorded (see there). */
    static boolean replaces(SeenBlock current, SeenBlock block) {
        if (current == null || block.number() > current.number()) {
            return true;
        }
        return current.sameBlock(block) && block.linkedFrom() != null
                && !block.linkedFrom().equals(current.linkedFrom());
    }

    /** A store that keeps the value in memory only (tests, one-shot tools). */
    static HighestSeenStore inMemory() {
        return new HighestSeenStore() {
            private SeenBlock seen;

            @Override
            public synchronized Optional<SeenBlock> load() {
                return Optional.ofNullable(seen);
            }

            @Override
            public synchronized void record(SeenBlock block) {
                if (HighestSeenStore.replaces(seen, block)) {
                    seen = block;
                }
            }
        };
    }
}
