package dev.dpm.cli.pm;

/**
 * Exit codes of the package manager's commands beyond {@link dev.dpm.cli.ExitCodes} (which they use
 * for everything else): kept apart so scripts can tell these cases from the shared ones.
 */
final class PmExitCodes {
    /** A package name the index does not know, or a package that is not installed. */
    static final int NOT_FOUND = 10;
    /** The user declined the plan at the prompt; nothing changed. */
    static final int DECLINED = 11;
    /** {@code dpm verify} found installed files that differ from what was installed. */
    static final int VERIFY_FAILED = 12;

    private PmExitCodes() {
    }
}
