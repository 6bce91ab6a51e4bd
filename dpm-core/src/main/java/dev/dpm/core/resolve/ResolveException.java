package dev.dpm.core.resolve;

import dev.dpm.core.DpmException;

/** The resolver could not produce a plan. */
public class ResolveException extends DpmException {
    private static final long serialVersionUID = 1L;

    public ResolveException(String message) {
        super(message);
    }

    public ResolveException(String message, Throwable cause) {
        super(message, cause);
    }
}
