package dev.dpm.core.resolve;

import java.util.List;

/**
 * The releases the resolver may choose from (the synced index). Implementations must be safe to read
 * from several threads if resolvers run concurrently; {@link Index} is immutable.
 */
public interface Universe {
    /** All releases named {@code name} (any architecture, yanked included), newest first; empty if none. */
    List<Candidate> versionsOf(String name);

    /** All releases that list {@code name} in their Provides; empty if none. */
    List<Candidate> providersOf(String name);
}
