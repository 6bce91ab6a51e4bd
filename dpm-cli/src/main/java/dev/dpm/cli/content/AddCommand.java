package dev.dpm.cli.content;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.UnixfsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dpm add PATH}: imports a file or directory tree into the local repo; prints its CID. */
@Command(name = "add", mixinStandardHelpOptions = true,
        description = "Import a file or directory into the local repo (UnixFS) and print its CID.")
public final class AddCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PATH", description = "file, directory or symlink to import")
    Path path;

    @Option(names = "--only-hash", description = "compute the CID without storing anything")
    boolean onlyHash;

    @Option(names = "--profile", paramLabel = "PROFILE", defaultValue = "unixfs-v1-2025",
            description = "unixfs-v1-2025 (default) or kubo-v1")
    String profile;

    @Option(names = "--pin", description = "pin the result recursively")
    boolean pin;

    @Option(names = "--preserve-mode", description = "record permission bits in UnixFS")
    boolean preserveMode;

    @Override
    public Integer call() {
        ImportProfile p;
        try {
            p = ImportProfile.byId(profile);
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        if (onlyHash && pin) {
            throw new CliError(ExitCodes.USAGE, "--pin and --only-hash cannot be combined");
        }
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliError(ExitCodes.INVALID_INPUT, "no such file or directory: " + path);
        }
        try {
            UnixfsImporter.Builder b = UnixfsImporter.builder().profile(p).preserveMode(preserveMode);
            Repo repo = null;
            if (!onlyHash) {
                repo = Repo.open(ctx.repoDir());
                b.blockstore(repo.blockstore());
            }
            ImportResult r = b.build().importPath(path);
            if (pin) {
                repo.pin(r.root());
            }
            spec.commandLine().getOut().println(r.root());
            return ExitCodes.OK;
        } catch (ContentException e) {
            throw ContentCommands.error(e);
        } catch (IOException e) {
            throw ContentCommands.error(e);
        }
    }
}
