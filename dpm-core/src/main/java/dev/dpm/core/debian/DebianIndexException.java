package dev.dpm.core.debian;

import dev.dpm.core.DpmException;

/** A Debian Packages index that cannot be read or holds an invalid stanza; the message names file and line. */
public final class DebianIndexException extends DpmException {
    private static final long serialVersionUID = 1L;

    public DebianIndexException(String message, Throwable cause) {
        super(message, cause);
    }

    public DebianIndexException(String message) {
        super(message);
    }
}
