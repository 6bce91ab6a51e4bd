package dev.dpm.chain.registry;

/**
 * A release to publish: {@code name@version} bound to the raw sha2-256 CIDv1 of {@code manifest}.
 *
 * @param name        package name, {@code [a-z0-9][a-z0-9+.-]+}, at most 64 characters
 * @param version     Debian version, starting with a digit, at most 64 characters
 * @param manifestCid binary CID, must equal {@link ManifestCid#of(byte[])} of {@code manifest}
 * @param manifest    the manifest's canonical bytes (travel in calldata and in the event)
 */
public record NewRelease(String name, String version, byte[] manifestCid, byte[] manifest) {
    public NewRelease {
        manifestCid = manifestCid.clone();
        manifest = manifest.clone();
    }

    /** A release whose CID is computed from the manifest. */
    public static NewRelease of(String name, String version, byte[] manifest) {
        return new NewRelease(name, version, ManifestCid.of(manifest), manifest);
    }

    @Override
    public byte[] manifestCid() {
        return manifestCid.clone();
    }

    @Override
    public byte[] manifest() {
        return manifest.clone();
    }

    int calldataBytes() {
        return name.length() + version.length() + manifestCid.length + manifest.length + 6 * 32;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewRelease r && name.equals(r.name) && version.equals(r.version)
                && java.util.Arrays.equals(manifestCid, r.manifestCid) && java.util.Arrays.equals(manifest, r.manifest);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, version);
    }

    @Override
    public String toString() {
        return name + "@" + version;
    }
}
