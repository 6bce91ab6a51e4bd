package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/**
 * A payload must be fetched but the package manager was built without a fetcher (no storage peers are
 * configured); names the release. A configuration mistake, not a storage failure.
 */
public final class NoStoragePeersException extends DpmException {
    private static final long serialVersionUID = 1L;

    public NoStoragePeersException(String message) {
        super(message);
    }
}
