package dev.dpm.cli;

/** A failure the CLI reports as one line and a given exit code. */
public final class CliError extends RuntimeException {
    private final int exitCode;

    public CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliError(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
