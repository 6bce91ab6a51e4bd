package dev.dpm.core.db;

import java.time.Instant;
import java.util.List;

/** Write view of the installed packages; only available inside {@link LocalDatabase#write}. */
public interface MutableInstalledPackages extends InstalledPackages {
    /**
     * Records {@code pkg} with exactly {@code files}, replacing any previous record of that name
     * and all its files.
     */
    void put(InstalledPackage pkg, List<InstalledFile> files) throws DatabaseException;

    /** Forgets {@code name}, its files and its hold; no-op when not installed. */
    void remove(String name) throws DatabaseException;

    /**
     * Holds an installed package at its version: no operation may change or remove it until
     * {@link #unhold}. Returns false when it was held already.
     *
     * @throws DatabaseException when {@code name} is not installed
     */
    boolean hold(String name, Instant at) throws DatabaseException;

    /** Releases a hold; false when {@code name} was not held. */
    boolean unhold(String name) throws DatabaseException;

    /** Changes the install reason of an installed package (e.g. a dependency the user now asks for). */
    void setReason(String name, InstallReason reason) throws DatabaseException;
}
