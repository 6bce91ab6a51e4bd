package dev.dpm.chain.registry;

import java.math.BigInteger;
import java.util.List;

/**
 * One event of the registry, decoded. Together, in chain order, the events rebuild the whole registry
 * state (admins, threshold, publishers, maintainers, releases with their manifests, yanks, proposals):
 * this is what {@code dpm update} syncs from and what {@code dpm audit} shows.
 *
 * <p>Every event knows where it is: {@link #blockNumber()}, {@link #transactionHash()}, {@link #logIndex()}.
 * Addresses are 0x-prefixed lower-case hex. A {@code proposalId} of 0 means "set at deployment".
 */
public sealed interface RegistryEvent {

    long blockNumber();

    String transactionHash();

    long logIndex();

    /** The package this event is about, or null for registry-wide events. */
    default String packageName() {
        return null;
    }

    record AdminAdded(long blockNumber, String transactionHash, long logIndex, String admin, long proposalId)
            implements RegistryEvent { }

    record AdminRemoved(long blockNumber, String transactionHash, long logIndex, String admin, long proposalId)
            implements RegistryEvent { }

    record ThresholdChanged(long blockNumber, String transactionHash, long logIndex, long oldThreshold,
            long newThreshold, long proposalId) implements RegistryEvent { }

    record PublisherAdded(long blockNumber, String transactionHash, long logIndex, String publisher, long proposalId)
            implements RegistryEvent { }

    /**
     * {@code publisher} may no longer publish, and every maintainership it held ends here (the contract
     * emits no per-package event for that); re-adding it later restores none of them.
     */
    record PublisherRemoved(long blockNumber, String transactionHash, long logIndex, String publisher,
            long proposalId) implements RegistryEvent { }

    /** Every release of {@code publisher} published at or before {@code upToBlock} is yanked from here on. */
    record PublisherYanked(long blockNumber, String transactionHash, long logIndex, String publisher, long upToBlock,
            long proposalId) implements RegistryEvent { }

    record MaintainerAdded(long blockNumber, String transactionHash, long logIndex, String name, String maintainer,
            String by) implements RegistryEvent {
        @Override
        public String packageName() {
            return name;
        }
    }

    record MaintainerRemoved(long blockNumber, String transactionHash, long logIndex, String name,
            String maintainer, String by) implements RegistryEvent {
        @Override
        public String packageName() {
            return name;
        }
    }

    /** The quorum replaced the maintainers of {@code name} by {@code maintainers}. */
    record PackageHandedOver(long blockNumber, String transactionHash, long logIndex, String name,
            List<String> maintainers, long proposalId) implements RegistryEvent {
        public PackageHandedOver {
            maintainers = List.copyOf(maintainers);
        }

        @Override
        public String packageName() {
            return name;
        }
    }

    /**
     * A new release. {@code manifest} are the manifest's bytes; the contract checked on chain, and the
     * decoder checked again, that {@code manifestCid} is their raw sha2-256 CID.
     */
    record ReleasePublished(long blockNumber, String transactionHash, long logIndex, String name, String version,
            byte[] manifestCid, byte[] manifest, String publisher) implements RegistryEvent {
        public ReleasePublished {
            manifestCid = manifestCid.clone();
            manifest = manifest.clone();
        }

        @Override
        public byte[] manifestCid() {
            return manifestCid.clone();
        }

        @Override
        public byte[] manifest() {
            return manifest.clone();
        }

        @Override
        public String packageName() {
            return name;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ReleasePublished r && blockNumber == r.blockNumber && logIndex == r.logIndex
                    && transactionHash.equals(r.transactionHash) && name.equals(r.name) && version.equals(r.version)
                    && java.util.Arrays.equals(manifestCid, r.manifestCid)
                    && java.util.Arrays.equals(manifest, r.manifest) && publisher.equals(r.publisher);
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(transactionHash, logIndex);
        }

        @Override
        public String toString() {
            return "ReleasePublished[" + name + "@" + version + " " + ManifestCid.toText(manifestCid) + " by "
                    + publisher + ", block " + blockNumber + ", tx " + transactionHash + "]";
        }
    }

    record ReleaseYanked(long blockNumber, String transactionHash, long logIndex, String name, String version,
            String by) implements RegistryEvent {
        @Override
        public String packageName() {
            return name;
        }
    }

    record ProposalCreated(long blockNumber, String transactionHash, long logIndex, long id, ProposalKind kind,
            String target, BigInteger value, String name, List<String> maintainers, String proposer, long expiresAt)
            implements RegistryEvent {
        public ProposalCreated {
            maintainers = List.copyOf(maintainers);
        }

        @Override
        public String packageName() {
            return kind == ProposalKind.HAND_OVER ? name : null;
        }
    }

    record ProposalApproved(long blockNumber, String transactionHash, long logIndex, long id, String admin,
            long approvals) implements RegistryEvent { }

    record ApprovalWithdrawn(long blockNumber, String transactionHash, long logIndex, long id, String admin,
            long approvals) implements RegistryEvent { }

    record ProposalExecuted(long blockNumber, String transactionHash, long logIndex, long id)
            implements RegistryEvent { }
}
