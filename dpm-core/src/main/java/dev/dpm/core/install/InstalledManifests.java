package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;

/** The manifests the database recorded for installed packages. */
final class InstalledManifests {
    private InstalledManifests() {
    }

    /**
     * The manifest recorded for {@code p}.
     *
     * @throws DpmException when the recorded bytes do not decode (a damaged database): nothing may then
     *     be decided from it, such as which files are configuration to keep
     */
    static Manifest of(InstalledPackage p) throws DpmException {
        try {
            return Manifest.fromCanonicalBytes(p.manifest());
        } catch (ManifestException e) {
            throw new DpmException("installed package " + p.name() + " has an unreadable manifest in the database: "
                    + e.getMessage(), e);
        }
    }
}
