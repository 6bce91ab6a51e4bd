package dev.dpm.cli.pm;

import dev.dpm.cli.CliContext;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --root DIR}: the install root a command works on. The default is {@code $DPM_HOME/root}, not
 * {@code /}: dpm installs into a directory of the user's choosing, and a mistake in a demo must never
 * touch the system.
 */
public final class RootOption {
    @Option(names = "--root", paramLabel = "DIR",
            description = "install root (default: $DPM_HOME/root); state lives in DIR/var/lib/dpm")
    Path root;

    Path resolve(CliContext ctx) {
        if (root != null && root.toString().isBlank()) {
            // Path.of("") is the working directory: an empty value (an unset variable, say) must not install there
            throw new dev.dpm.cli.CliError(dev.dpm.cli.ExitCodes.USAGE, "--root is empty: give the install root directory");
        }
        return (root != null ? root : ctx.home().resolve("root")).toAbsolutePath().normalize();
    }
}
