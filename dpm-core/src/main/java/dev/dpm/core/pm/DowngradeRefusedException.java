package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/**
 * A plan would move an installed package to a lower version the user did not ask for by name; dpm never
 * downgrades silently. Request the version explicitly ({@code NAME=VERSION}) to downgrade.
 */
public final class DowngradeRefusedException extends DpmException {
    private static final long serialVersionUID = 1L;

    public DowngradeRefusedException(String message) {
        super(message);
    }
}
