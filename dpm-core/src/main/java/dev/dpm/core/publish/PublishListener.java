package dev.dpm.core.publish;

import dev.dpm.content.Cid;

/**
 * Progress of {@link Publisher#publish}. Called on the publishing thread; implementations must be quick
 * and must not throw.
 */
public interface PublishListener {
    PublishListener NONE = new PublishListener() {
    };

    /** The payload was imported: {@code files} entries, {@code bytes} of file content, root {@code payload}. */
    default void payloadImported(String release, Cid payload, int files, long bytes) {
    }

    /** The manifest was built and stored locally under {@code manifestCid}. */
    default void manifestStored(String release, Cid manifestCid, int manifestBytes) {
    }

    /** The registry transaction is about to be sent. */
    default void sending(String release) {
    }
}
