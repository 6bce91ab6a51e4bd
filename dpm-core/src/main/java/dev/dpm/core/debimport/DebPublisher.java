package dev.dpm.core.debimport;

import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.publish.PublishException;
import dev.dpm.core.publish.PublishResult;
import dev.dpm.core.publish.Publisher;
import java.util.Objects;

/**
 * Publishes an {@link ImportedDeb} the way {@code dpm publish} publishes a source directory: the
 * manifest's canonical bytes are stored as a raw block, payload, kept scripts and manifest are pinned in
 * the publisher's repository (so its node serves them), and the release is registered through
 * {@link Publisher#register} (same refusals, same words; re-publishing the same manifest is a no-op).
 * The payload's blocks must already be in {@code repo} (import with its blockstore). Not thread-safe.
 */
public final class DebPublisher {
    /** The registry's limit on a manifest (contracts/Registry.sol). */
    static final int MAX_MANIFEST_BYTES = 65536;

    private final Repo repo;
    private final Publisher publisher;

    public DebPublisher(Repo repo, Publisher publisher) {
        this.repo = Objects.requireNonNull(repo);
        this.publisher = Objects.requireNonNull(publisher);
    }

    /**
     * Stores, pins and registers {@code deb}.
     *
     * @throws PublishException when refused (reason and the registry's words) or storage fails
     * @throws InterruptedException while waiting for the transaction
     */
    public PublishResult publish(ImportedDeb deb) throws PublishException, InterruptedException {
        byte[] bytes = deb.manifest().toCanonicalBytes();
        String release = deb.manifest().id();
        if (bytes.length > MAX_MANIFEST_BYTES) {
            throw new PublishException(PublishException.Reason.INVALID_MANIFEST, deb.source() + ": manifest field "
                    + "'files': the manifest of " + release + " (" + deb.manifest().files().size() + " entries) is "
                    + bytes.length + " bytes, above the registry's " + MAX_MANIFEST_BYTES);
        }
        Cid manifestCid = Cid.raw(bytes);
        try {
            repo.blockstore().put(manifestCid, bytes);
            for (Cid root : deb.roots()) {
                repo.pin(root);
            }
            repo.pin(manifestCid);
        } catch (ContentException e) {
            throw new PublishException(PublishException.Reason.STORAGE, "cannot store or pin " + release + " in "
                    + repo.dir() + ": " + e.getMessage(), e);
        }
        return publisher.register(new Publisher.Prepared(deb.manifest(), bytes, manifestCid, deb.manifest().payload()));
    }
}
