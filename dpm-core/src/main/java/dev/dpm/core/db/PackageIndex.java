package dev.dpm.core.db;

import java.util.List;
import java.util.Optional;

/** Read view of the package index synced from chain events. */
public interface PackageIndex {
    /** All releases of {@code name} (yanked included), in publish order (block, log index). */
    List<ReleaseRecord> releases(String name) throws DatabaseException;

    /** One release. */
    Optional<ReleaseRecord> find(String name, String version) throws DatabaseException;

    /**
     * Releases whose name or description contains {@code term} (case-insensitive), by name then
     * publish order. Terms of three characters or more use the full-text (trigram) index.
     */
    List<ReleaseRecord> search(String term) throws DatabaseException;

    /** Every package name with at least one release, sorted. */
    List<String> names() throws DatabaseException;

    /** Number of releases in the index. */
    long releaseCount() throws DatabaseException;

    /** Maintainer addresses of {@code name}, sorted. */
    List<String> maintainers(String name) throws DatabaseException;

    /** Addresses allowed to publish, sorted. */
    List<String> publishers() throws DatabaseException;
}
