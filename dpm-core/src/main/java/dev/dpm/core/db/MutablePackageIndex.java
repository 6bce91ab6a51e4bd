package dev.dpm.core.db;

/** Write view of the package index; only available inside {@link LocalDatabase#write}. */
public interface MutablePackageIndex extends PackageIndex {
    /** Adds or replaces the release {@code name@version}. */
    void putRelease(ReleaseRecord release) throws DatabaseException;

    /**
     * Marks {@code name@version} yanked at {@code block}.
     *
     * @return false when the index has no such release
     */
    boolean yank(String name, String version, long block) throws DatabaseException;

    void addMaintainer(String name, String address) throws DatabaseException;

    void removeMaintainer(String name, String address) throws DatabaseException;

    void addPublisher(String address, long block) throws DatabaseException;

    /**
     * Removes a publisher and, as the registry contract does, every maintainership it held: a
     * publisher removed by the quorum (say after a key compromise) maintains nothing any more, and
     * re-adding it later restores nothing.
     */
    void removePublisher(String address) throws DatabaseException;

    /**
     * Forgets every release, maintainer and publisher (a rebuild after a chain reorganisation: yanks and
     * maintainer changes cannot be undone row by row). Installed packages, history and the sync state
     * are untouched; the caller saves the new sync state in the same write.
     */
    void clear() throws DatabaseException;
}
