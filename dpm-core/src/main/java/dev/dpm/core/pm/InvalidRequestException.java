package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/** A request that cannot be understood: a bad package name or version ({@code NAME[=VERSION]}). */
public final class InvalidRequestException extends DpmException {
    private static final long serialVersionUID = 1L;

    public InvalidRequestException(String message) {
        super(message);
    }
}
