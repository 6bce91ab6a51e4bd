package dev.dpm.core.db;

import java.util.List;
import java.util.Optional;

/** Read view of what is installed under one root. */
public interface InstalledPackages {
    /** The package of that name, if installed. */
    Optional<InstalledPackage> find(String name) throws DatabaseException;

    /** Every installed package, by name. */
    List<InstalledPackage> all() throws DatabaseException;

    /** The paths owned by {@code name}, sorted by path (empty when not installed). */
    List<InstalledFile> files(String name) throws DatabaseException;

    /** Every owner record of {@code path} (several only for shared directories). */
    List<InstalledFile> owners(String path) throws DatabaseException;

    /** The names of the held packages (see {@link MutableInstalledPackages#hold}), sorted. */
    List<String> held() throws DatabaseException;
}
