package dev.dpm.core.publish;

import dev.dpm.content.Cid;
import dev.dpm.core.manifest.Manifest;

/**
 * A release registered on chain (or found already registered with the same manifest).
 *
 * @param manifest        the manifest as published
 * @param manifestCid     its CID (raw, sha2-256 of the canonical bytes): what the registry binds
 * @param payload         the UnixFS root of the files, null for a metadata-only release
 * @param transactionHash the publish transaction, null when {@code alreadyPublished}
 * @param blockNumber     its block, -1 when {@code alreadyPublished}
 * @param alreadyPublished true when the registry already bound this exact manifest to the release
 *                         (re-running a publish is then a no-op, not an error)
 */
public record PublishResult(Manifest manifest, Cid manifestCid, Cid payload, String transactionHash,
        long blockNumber, boolean alreadyPublished) {

    /** {@code name@version}. */
    public String release() {
        return manifest.name() + "@" + manifest.version();
    }
}
