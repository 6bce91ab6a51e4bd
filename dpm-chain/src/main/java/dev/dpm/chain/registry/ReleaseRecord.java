package dev.dpm.chain.registry;

/**
 * One release as stored in the registry.
 *
 * @param name        package name
 * @param version     version string (Debian syntax)
 * @param manifestCid binary CIDv1 (raw codec, sha2-256) of the manifest, 36 bytes
 * @param publisher   address that published it
 * @param blockNumber block in which it was published
 * @param yanked      whether it was yanked (by a maintainer, or with every release of its publisher)
 */
public record ReleaseRecord(String name, String version, byte[] manifestCid, String publisher, long blockNumber,
        boolean yanked) {

    public ReleaseRecord {
        manifestCid = manifestCid.clone();
    }

    @Override
    public byte[] manifestCid() {
        return manifestCid.clone();
    }

    /** The manifest CID in its text form ({@code b...}, base32 lower-case). */
    public String manifestCidText() {
        return ManifestCid.toText(manifestCid);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReleaseRecord r && name.equals(r.name) && version.equals(r.version)
                && java.util.Arrays.equals(manifestCid, r.manifestCid) && publisher.equals(r.publisher)
                && blockNumber == r.blockNumber && yanked == r.yanked;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, version, java.util.Arrays.hashCode(manifestCid), publisher, blockNumber,
                yanked);
    }

    @Override
    public String toString() {
        return name + "@" + version + " -> " + manifestCidText() + " by " + publisher + " in block " + blockNumber
                + (yanked ? " (yanked)" : "");
    }
}
