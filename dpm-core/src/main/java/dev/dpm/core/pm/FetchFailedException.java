package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/** A payload could not be fetched and verified from any storage peer; names the release and the CID. */
public final class FetchFailedException extends DpmException {
    private static final long serialVersionUID = 1L;

    public FetchFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
