package dev.dpm.cli;

/** Exit codes of {@code dpm}; each kind of failure has its own, so scripts can tell them apart. */
public final class ExitCodes {
    public static final int OK = 0;
    /** A failure that has no more specific code. */
    public static final int FAILURE = 1;
    /** Wrong command-line usage (picocli's own code). */
    public static final int USAGE = 2;
    /** Configuration missing or invalid. */
    public static final int CONFIG = 3;
    /** Invalid input: a manifest, a file, a name, a version. */
    public static final int INVALID_INPUT = 4;
    /** The chain refused or could not be trusted (revert, disagreeing endpoints, stale head). */
    public static final int CHAIN = 5;
    /** Content could not be fetched or verified. */
    public static final int CONTENT = 6;
    /** Dependency resolution failed. */
    public static final int UNSATISFIABLE = 7;
    /** Another dpm process holds the lock. */
    public static final int LOCKED = 8;
    /** A file conflict or a transaction that was refused before anything was touched. */
    public static final int CONFLICT = 9;
    /** An internal error: a bug in dpm (prints a stack trace). */
    public static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
