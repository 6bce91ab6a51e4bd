package dev.dpm.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

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

    /**
     * A group command ({@code dpm key}, {@code dpm node}, ...) run without one of its commands: a usage error
     * that lists them.
     */
    public static CliError missingSubcommand(picocli.CommandLine.Model.CommandSpec spec) {
        return new CliError(ExitCodes.USAGE, spec.qualifiedName() + " needs a command: "
                + String.join(", ", spec.subcommands().keySet()) + " (see `" + spec.qualifiedName() + " --help`)");
    }

    /**
     * Why an I/O operation failed, in words for a person: "no such file or directory", "permission denied",
     * "not a directory", ... rather than the exception's bare message (for {@link NoSuchFileException}, only
     * the path). The caller names the file.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file of that name already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return Character.toLowerCase(f.getReason().charAt(0)) + f.getReason().substring(1);
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
