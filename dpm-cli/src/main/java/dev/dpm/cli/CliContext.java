package dev.dpm.cli;

import dev.dpm.cli.config.DpmConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options every command shares (a picocli mixin: {@code @Mixin CliContext ctx;}) and the lookups
 * derived from them: the dpm home, its configuration, the local node's blockstore.
 */
public final class CliContext {

    @Option(names = "--home", description = "dpm home directory (default: $DPM_HOME or ~/.dpm)")
    Path home;

    /**
     * The dpm home: {@code --home}, else $DPM_HOME, else ~/.dpm. It need not exist yet.
     *
     * @throws CliError with {@link ExitCodes#CONFIG} if it exists and is not a directory
     */
    public Path home() {
        if (home != null && home.toString().isBlank()) {
            // Path.of("") is the working directory: an empty value (an unset variable, say) must not become the home
            throw new CliError(ExitCodes.USAGE, "--home is empty: give the dpm home directory");
        }
        Path h = home != null ? home : DpmConfig.home();
        if (java.nio.file.Files.exists(h) && !java.nio.file.Files.isDirectory(h)) {
            throw new CliError(ExitCodes.CONFIG, "the dpm home " + h + " is not a directory (see --home and $DPM_HOME)");
        }
        return h;
    }

    /** The configuration, or a {@link CliError} with {@link ExitCodes#CONFIG} saying what to do. */
    public DpmConfig config() {
        try {
            return DpmConfig.load(home());
        } catch (DpmConfig.ConfigException e) {
            throw new CliError(ExitCodes.CONFIG, e.getMessage());
        }
    }

    /**
     * The configuration of a command that reads or writes the registry: it must name the registry and an
     * rpc endpoint, else a {@link CliError} with {@link ExitCodes#CONFIG} saying how to set them.
     */
    public DpmConfig chainConfig() {
        DpmConfig c = config();
        if (c.registry() == null || c.registry().isBlank() || c.rpc() == null || c.rpc().isEmpty()) {
            throw new CliError(ExitCodes.CONFIG, DpmConfig.file(home()) + " names no registry or no rpc endpoint: "
                    + "run `dpm devnet up`, or set them with `dpm config set` (see docs/USAGE.md)");
        }
        return c;
    }

    /** The configuration if one exists, else null (commands that work without one). */
    public DpmConfig configOrNull() {
        return java.nio.file.Files.exists(DpmConfig.file(home())) ? config() : null;
    }

    /** The local node's blockstore directory: the configured one, else {@code $DPM_HOME/repo}. */
    public Path repoDir() {
        DpmConfig c = configOrNull();
        return c != null && c.nodeRepo() != null ? Path.of(c.nodeRepo()) : home().resolve("repo");
    }

    /** The keystore directory: the configured one, else {@code $DPM_HOME/keystore}. */
    public Path keystoreDir() {
        DpmConfig c = configOrNull();
        return c != null && c.keystore() != null ? Path.of(c.keystore()) : home().resolve("keystore");
    }
}
