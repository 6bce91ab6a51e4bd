package dev.dpm.cli.content;

import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.BlockMismatchException;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.car.CarFormatException;
import dev.dpm.content.unixfs.HamtShardingRequiredException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * The content-addressing commands ({@code add}, {@code car}, {@code pin}, {@code repo}) and the
 * mapping of dpm-content failures to one line and an exit code.
 */
public final class ContentCommands {
    private ContentCommands() {
    }

    /** Registers every content command on {@code cli}. */
    public static void register(CommandLine cli) {
        cli.addSubcommand(new AddCommand());
        cli.addSubcommand(new CarCommand());
        cli.addSubcommand(new PinCommand());
        cli.addSubcommand(new RepoCommand());
    }

    static Cid parseCid(String text) {
        try {
            return Cid.parse(text);
        } catch (InvalidCidException e) {
            throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
        }
    }

    /**
     * Refuses an output path that exists (nothing of the user's is overwritten: {@link ExitCodes#CONFLICT}) or
     * whose directory does not ({@link ExitCodes#INVALID_INPUT}), before any work is done.
     */
    public static void requireNewFile(Path output) {
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliError(ExitCodes.CONFLICT, output + " already exists");
        }
        Path dir = output.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new CliError(ExitCodes.INVALID_INPUT, "cannot write " + output + ": " + dir
                    + (Files.exists(dir) ? " is not a directory" : " does not exist"));
        }
    }

    /** A library failure as a CLI error: the user's input at fault, or content that failed. */
    static CliError error(ContentException e) {
        if (e instanceof InvalidCidException || e instanceof HamtShardingRequiredException
                || e instanceof CarFormatException || e instanceof BlockMismatchException) {
            return new CliError(ExitCodes.INVALID_INPUT, e.getMessage(), e);
        }
        return new CliError(ExitCodes.CONTENT, e.getMessage(), e);
    }

    static CliError error(IOException e) {
        String what = switch (e) {
            case NoSuchFileException n -> "no such file: " + n.getFile();
            case AccessDeniedException a -> "permission denied: " + a.getFile();
            case FileAlreadyExistsException f -> "already exists: " + f.getFile();
            case java.nio.file.FileSystemException f when f.getFile() != null -> f.getFile() + ": " + CliError.reason(f);
            default -> CliError.reason(e);
        };
        return new CliError(ExitCodes.INVALID_INPUT, what, e);
    }
}
