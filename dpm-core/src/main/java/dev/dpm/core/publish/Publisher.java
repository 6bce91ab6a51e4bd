package dev.dpm.core.publish;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.NewRelease;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.registry.ReleaseRecord;
import dev.dpm.chain.rpc.ChainReader;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.tx.TransactionRevertedException;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.SourcePackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Publishes package sources: the paper's algorithm 1.
 * <ol>
 *   <li>read the source directory ({@link SourcePackage}: {@code dpm.control} + {@code files/});</li>
 *   <li>check with the registry, before anything is sent, that the account may publish the name and
 *       that the version is new;</li>
 *   <li>import {@code files/} into the local repository as a UnixFS directory (default profile), list
 *       every entry (path, type, mode, size, SHA-256, symlink target) and build the {@link Manifest}
 *       with the payload CID and sizes; store the manifest's canonical bytes as a raw block;</li>
 *   <li>pin payload and manifest, so the publisher's node serves them;</li>
 *   <li>register {@code name@version} → manifest CID on chain (the manifest bytes ride in the
 *       transaction and its event, so clients sync without a storage round trip).</li>
 * </ol>
 * Refusals are {@link PublishException}s with a {@link PublishException.Reason}; a contract revert is
 * mapped to the same reasons and words as the pre-flight checks. Publishing a release that the registry
 * already binds to the very same manifest returns {@link PublishResult#alreadyPublished()} (re-running is
 * safe). Not thread-safe (one sender, one account).
 */
public final class Publisher {
    /** The registry's limits (contracts/Registry.sol). */
    static final int MAX_NAME_LENGTH = 64;
    static final int MAX_VERSION_LENGTH = 64;
    static final int MAX_MANIFEST_BYTES = 65536;

    private final Repo repo;
    private final ChainReader chain;
    private final RegistryWriter writer;
    private final RegistryClient registry;
    private final ImportProfile profile;
    private final PublishListener listener;

    private Publisher(Builder b) {
        this.repo = Objects.requireNonNull(b.repo, "repo");
        this.chain = Objects.requireNonNull(b.chain, "chain");
        this.writer = Objects.requireNonNull(b.writer, "writer");
        this.registry = new RegistryClient(writer.address());
        this.profile = b.profile;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The account that signs the releases. */
    public String account() {
        return writer.account();
    }

    /** A release built and stored locally, not yet registered: {@link #prepare} then {@link #register}. */
    public record Prepared(Manifest manifest, byte[] manifestBytes, Cid manifestCid, Cid payload) {
        public Prepared {
            manifestBytes = manifestBytes.clone();
        }

        @Override
        public byte[] manifestBytes() {
            return manifestBytes.clone();
        }

        public String release() {
            return manifest.name() + "@" + manifest.version();
        }
    }

    /**
     * Publishes the package source in {@code dir} (see class doc).
     *
     * @throws PublishException when refused (reason and words), or when storage or chain fail
     * @throws InterruptedException if interrupted while waiting for the transaction
     */
    public PublishResult publish(Path dir) throws PublishException, InterruptedException {
        SourcePackage src = read(dir);
        checkAllowed(src.metadata().name(), src.metadata().version().toString());
        Prepared p = prepare(src);
        return register(p);
    }

    /**
     * Steps 1 and 3-4 only: reads {@code dir}, imports and pins its content, stores and pins the manifest.
     * Nothing is sent.
     */
    public Prepared prepare(Path dir) throws PublishException {
        return prepare(read(dir));
    }

    private static SourcePackage read(Path dir) throws PublishException {
        try {
            SourcePackage src = SourcePackage.read(dir);
            Manifest m = src.metadata();
            if (m.name().length() > MAX_NAME_LENGTH) {
                throw new PublishException(PublishException.Reason.INVALID_MANIFEST, dir + ": manifest field 'name': '"
                        + m.name() + "' is longer than the registry's " + MAX_NAME_LENGTH + " characters");
            }
            if (m.version().toString().length() > MAX_VERSION_LENGTH) {
                throw new PublishException(PublishException.Reason.INVALID_MANIFEST, dir
                        + ": manifest field 'version': longer than the registry's " + MAX_VERSION_LENGTH + " characters");
            }
            return src;
        } catch (ManifestException e) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, e.getMessage(), e);
        } catch (IOException e) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, dir + ": cannot read: " + e.getMessage(), e);
        }
    }

    private Prepared prepare(SourcePackage src) throws PublishException {
        Manifest meta = src.metadata();
        String release = meta.name() + "@" + meta.version();
        Manifest manifest;
        Cid payload = null;
        try {
            if (Files.isDirectory(src.filesDir())) {
                List<FileEntry> files = PayloadScanner.scan(src.filesDir());
                ImportResult imported = UnixfsImporter.builder().profile(profile).blockstore(repo.blockstore()).build()
                        .importPath(src.filesDir());
                payload = imported.root();
                long size = files.stream().mapToLong(FileEntry::size).sum();
                manifest = meta.toBuilder().payload(payload).payloadSize(size).installedSize(size).files(files)
                        .conffiles(src.conffiles()).build();
                listener.payloadImported(release, payload, files.size(), size);
            } else {
                manifest = meta;
            }
        } catch (ManifestException e) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, src.dir() + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, "cannot read the files of " + release
                    + ": " + e.getMessage(), e);
        } catch (ContentException e) {
            throw new PublishException(PublishException.Reason.STORAGE, "cannot add the files of " + release
                    + " to " + repo.dir() + ": " + e.getMessage(), e);
        }
        byte[] bytes = manifest.toCanonicalBytes();
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, "manifest field 'files': the manifest of "
                    + release + " is " + bytes.length + " bytes, above the registry's " + MAX_MANIFEST_BYTES);
        }
        Cid manifestCid = Cid.raw(bytes);
        try {
            repo.blockstore().put(manifestCid, bytes);
            listener.manifestStored(release, manifestCid, bytes.length);
            if (payload != null) {
                repo.pin(payload);
            }
            repo.pin(manifestCid);
        } catch (ContentException e) {
            throw new PublishException(PublishException.Reason.STORAGE, "cannot store or pin " + release + " in "
                    + repo.dir() + ": " + e.getMessage(), e);
        }
        return new Prepared(manifest, bytes, manifestCid, payload);
    }

    /**
     * Step 2: whether the account may publish {@code version} of {@code name} (a publisher; a maintainer
     * of the name if it exists). The version itself is checked in {@link #register} (it may be there
     * already with the same manifest, which is no error).
     */
    private void checkAllowed(String name, String version) throws PublishException {
        String account = writer.account();
        try {
            ChainView view = chain.pin();
            if (!registry.isPublisher(view, account)) {
                throw new PublishException(PublishException.Reason.NOT_PUBLISHER, "cannot publish " + name + "@" + version
                        + ": " + account + " is not a publisher");
            }
            List<String> maintainers = registry.maintainers(view, name);
            if (!maintainers.isEmpty() && !maintainers.contains(account.toLowerCase(Locale.ROOT))) {
                throw new PublishException(PublishException.Reason.NOT_MAINTAINER, "cannot publish " + name + "@" + version
                        + ": " + account + " is not a maintainer of " + name);
            }
        } catch (ChainException e) {
            throw new PublishException(PublishException.Reason.CHAIN, "cannot check the registry before publishing "
                    + name + "@" + version + ": " + e.getMessage(), e);
        }
    }

    /**
     * Step 5: registers a prepared release. Refuses before sending when the version exists with another
     * manifest; returns {@code alreadyPublished} when it exists with this one.
     */
    public PublishResult register(Prepared p) throws PublishException, InterruptedException {
        String name = p.manifest().name();
        String version = p.manifest().version().toString();
        try {
            ChainView view = chain.pin();
            var existing = registry.release(view, name, version);
            if (existing.isPresent()) {
                return existingRelease(p, existing.get());
            }
        } catch (ChainException e) {
            throw new PublishException(PublishException.Reason.CHAIN, "cannot read the registry before publishing "
                    + p.release() + ": " + e.getMessage(), e);
        }
        listener.sending(p.release());
        try {
            TxReceipt r = writer.publish(name, version, ManifestCid.of(p.manifestBytes()), p.manifestBytes());
            return new PublishResult(p.manifest(), p.manifestCid(), p.payload(), r.hash(), r.blockNumber(), false);
        } catch (TransactionRevertedException e) {
            throw fromRevert(p.release(), e);
        } catch (ChainException e) {
            throw new PublishException(PublishException.Reason.CHAIN, "cannot publish " + p.release() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Registers many prepared releases in as few transactions as fit (the registry's batch call); used
     * to seed large registries. Releases already in the registry are skipped (same manifest) or refused
     * (another manifest) before anything is sent.
     *
     * @return one result per release, in order
     */
    public List<PublishResult> registerBatch(List<Prepared> prepared) throws PublishException, InterruptedException {
        List<PublishResult> out = new ArrayList<>();
        List<NewRelease> toSend = new ArrayList<>();
        List<Prepared> sent = new ArrayList<>();
        try {
            ChainView view = chain.pin();
            for (Prepared p : prepared) {
                var existing = registry.release(view, p.manifest().name(), p.manifest().version().toString());
                if (existing.isPresent()) {
                    existingRelease(p, existing.get());
                    continue;
                }
                toSend.add(new NewRelease(p.manifest().name(), p.manifest().version().toString(),
                        ManifestCid.of(p.manifestBytes()), p.manifestBytes()));
                sent.add(p);
            }
        } catch (ChainException e) {
            throw new PublishException(PublishException.Reason.CHAIN, "cannot read the registry: " + e.getMessage(), e);
        }
        try {
            List<TxReceipt> receipts = writer.publishBatch(toSend);
            TxReceipt last = receipts.isEmpty() ? null : receipts.get(receipts.size() - 1);
            for (Prepared p : sent) {
                out.add(new PublishResult(p.manifest(), p.manifestCid(), p.payload(), last == null ? null : last.hash(),
                        last == null ? -1 : last.blockNumber(), false));
            }
        } catch (TransactionRevertedException e) {
            throw fromRevert("a batch of " + toSend.size() + " releases", e);
        } catch (ChainException e) {
            throw new PublishException(PublishException.Reason.CHAIN, "cannot publish a batch of " + toSend.size()
                    + " releases: " + e.getMessage(), e);
        }
        return out;
    }

    private static PublishResult existingRelease(Prepared p, ReleaseRecord existing) throws PublishException {
        if (Arrays.equals(existing.manifestCid(), ManifestCid.of(p.manifestBytes()))) {
            return new PublishResult(p.manifest(), p.manifestCid(), p.payload(), null, -1, true);
        }
        throw new PublishException(PublishException.Reason.VERSION_EXISTS, "cannot publish " + p.release() + ": "
                + p.release() + " already published (manifest " + existing.manifestCidText() + " in block "
                + existing.blockNumber() + "); releases are write-once: publish a new version");
    }

    /** Maps the contract's revert words to the pre-flight reasons. */
    static PublishException fromRevert(String what, TransactionRevertedException e) {
        String reason = e.reason() == null ? "" : e.reason();
        PublishException.Reason r;
        if (reason.endsWith(" is not a publisher")) {
            r = PublishException.Reason.NOT_PUBLISHER;
        } else if (reason.contains(" is not a maintainer of ")) {
            r = PublishException.Reason.NOT_MAINTAINER;
        } else if (reason.endsWith(" already published")) {
            r = PublishException.Reason.VERSION_EXISTS;
        } else if (reason.startsWith("manifest ") || reason.contains("name") || reason.contains("version")) {
            r = PublishException.Reason.INVALID_MANIFEST;
        } else {
            r = PublishException.Reason.CHAIN;
        }
        return new PublishException(r, "cannot publish " + what + ": " + (reason.isEmpty() ? e.getMessage() : reason)
                + " (the registry reverted transaction " + e.transactionHash() + ")", e);
    }

    /** Configuration of a {@link Publisher}. */
    public static final class Builder {
        private Repo repo;
        private ChainReader chain;
        private RegistryWriter writer;
        private ImportProfile profile = ImportProfile.UNIXFS_V1_2025;
        private PublishListener listener = PublishListener.NONE;

        private Builder() {
        }

        /** The publisher's node repository: content is added and pinned there (required). */
        public Builder repo(Repo r) {
            this.repo = r;
            return this;
        }

        /** Reads for the pre-flight checks (required). */
        public Builder chain(ChainReader c) {
            this.chain = c;
            return this;
        }

        /** Sends the publish transactions, as the publishing account (required). */
        public Builder writer(RegistryWriter w) {
            this.writer = w;
            return this;
        }

        /** UnixFS import profile (default {@link ImportProfile#UNIXFS_V1_2025}). */
        public Builder profile(ImportProfile p) {
            this.profile = Objects.requireNonNull(p);
            return this;
        }

        public Builder listener(PublishListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public Publisher build() {
            return new Publisher(this);
        }
    }
}
