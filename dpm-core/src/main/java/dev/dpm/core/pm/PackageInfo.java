package dev.dpm.core.pm;

import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.manifest.Manifest;
import java.util.List;
import java.util.Optional;

/**
 * Everything the index knows of one package name.
 *
 * @param name        the package
 * @param releases    its releases, newest version first, yanked included
 * @param maintainers addresses allowed to publish new versions of it
 * @param installed   the installed release, if any
 * @param held        whether the installed release is held ({@link PackageManager#hold})
 * @param requiredBy  installed packages whose Depends or Pre-Depends this installed release satisfies
 *                    (by name or by what it provides), by name; empty when it is not installed
 */
public record PackageInfo(String name, List<Release> releases, List<String> maintainers,
        Optional<InstalledPackage> installed, boolean held, List<String> requiredBy) {

    /** One release with its decoded manifest. */
    public record Release(ReleaseRecord record, Manifest manifest) {
        public boolean yanked() {
            return record.yanked();
        }
    }

    public PackageInfo {
        releases = List.copyOf(releases);
        maintainers = List.copyOf(maintainers);
        requiredBy = List.copyOf(requiredBy);
    }

    /** The newest release that is not yanked, if any. */
    public Optional<Release> latest() {
        return releases.stream().filter(r -> !r.yanked()).findFirst();
    }
}
