package dev.dpm.core.db;

import java.time.Instant;
import java.util.Objects;

/**
 * One installed package as recorded in the local database.
 *
 * @param name package name
 * @param version Debian-style version string, as in the manifest
 * @param manifestCid CID (text form) of the manifest the package was installed from
 * @param manifest the manifest's exact bytes (their CID is {@code manifestCid})
 * @param reason why it is installed
 * @param installedAt when the transaction that installed or last upgraded it committed
 */
public record InstalledPackage(String name, String version, String manifestCid, byte[] manifest,
        InstallReason reason, Instant installedAt) {
    public InstalledPackage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(manifestCid, "manifestCid");
        manifest = manifest.clone();
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(installedAt, "installedAt");
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InstalledPackage p && name.equals(p.name) && version.equals(p.version)
                && manifestCid.equals(p.manifestCid) && java.util.Arrays.equals(manifest, p.manifest)
                && reason == p.reason && installedAt.equals(p.installedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, version, manifestCid);
    }

    @Override
    public String toString() {
        return name + " " + version + " (" + reason.code() + ", " + manifestCid + ")";
    }
}
