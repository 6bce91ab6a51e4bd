package dev.dpm.core.publish;

import dev.dpm.core.DpmException;

/**
 * A release that was not published, with the reason. {@link #reason()} says which rule refused it;
 * the message names the release, the account or the manifest field at fault. Whether the refusal
 * came from the pre-flight checks (nothing sent) or from the contract (a revert), the words are the
 * same.
 */
public final class PublishException extends DpmException {
    private static final long serialVersionUID = 1L;

    /** Why a release was refused. */
    public enum Reason {
        /** The account is not a publisher of the registry. */
        NOT_PUBLISHER,
        /** The name exists and the account is not one of its maintainers. */
        NOT_MAINTAINER,
        /** {@code name@version} is already in the registry (releases are write-once). */
        VERSION_EXISTS,
        /** The source or its manifest is invalid (the message names the field). */
        INVALID_MANIFEST,
        /** The content could not be added to the local store. */
        STORAGE,
        /** The chain could not be read or written (names the endpoint or transaction). */
        CHAIN
    }

    private final Reason reason;

    public PublishException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public PublishException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
