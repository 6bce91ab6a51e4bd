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

    /** Records {@code block} if it is newer than the one recorded; never moves backwards. */
    void record(SeenBlock block) throws ChainException;

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
                if (seen == null || block.number() > seen.number()) {
                    seen = block;
                }
            }
        };
    }
}
