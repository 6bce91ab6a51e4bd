package dev.dpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps exceptions thrown by commands to one line on stderr and an exit code.
 *
 * <p>{@link CliError} carries its own code. Any other checked exception from dpm's library (a
 * {@code dev.dpm.*} type) is a reported failure: its message names the thing at fault; so is an
 * {@link java.io.IOException} the commands did not report themselves (named file, reason). Anything else
 * is a bug in dpm and gets a stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler {
    /** Jackson's "\n at [Source: ...; line: L, column: C]" as it appears inside library messages. */
    private static final java.util.regex.Pattern JSON_LOCATION = java.util.regex.Pattern.compile(
            "\\R at \\[Source: [^\\]]*?line: (\\d+), column: (\\d+)\\]");

    @Override
    public int handleExecutionException(Exception ex, CommandLine cli, ParseResult parsed) {
        if (ex instanceof CliError e) {
            cli.getErr().println("dpm: " + oneLine(e.getMessage()));
            return e.exitCode();
        }
        if (ex.getClass().getName().startsWith("dev.dpm.") && !(ex instanceof RuntimeException)) {
            cli.getErr().println("dpm: " + oneLine(String.valueOf(ex.getMessage())));
            return ExitCodes.FAILURE;
        }
        if (ex instanceof java.io.IOException io) {
            // the file system or the network refused something (a full disk, a file where a directory
            // belongs): the environment at fault, not dpm; say which file and why
            String file = io instanceof java.nio.file.FileSystemException f && f.getFile() != null ? f.getFile() + ": " : "";
            cli.getErr().println("dpm: " + file + CliError.reason(io));
            return ExitCodes.FAILURE;
        }
        if (ex instanceof InterruptedException) {
            cli.getErr().println("dpm: interrupted");
            return 130;
        }
        cli.getErr().println("dpm: internal error (a bug in dpm, please report it):");
        ex.printStackTrace(cli.getErr());
        return ExitCodes.INTERNAL;
    }

    /**
     * A message as one line where a library's message carries a JSON parser's location on a second line
     * (a corrupt blacklist, say): "(line L, column C)" instead. Without trailing newlines.
     */
    static String oneLine(String message) {
        return JSON_LOCATION.matcher(message).replaceAll(" (line $1, column $2)").stripTrailing();
    }
}
