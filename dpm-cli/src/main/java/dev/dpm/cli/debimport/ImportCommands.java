package dev.dpm.cli.debimport;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code dpm import deb|debian-index}: bring real Debian packages and indexes into the registry. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import real Debian data: .deb files as full releases, or a Packages index as metadata.",
        subcommands = {ImportDebCommand.class, ImportDebianIndexCommand.class})
public final class ImportCommands implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Registers {@code import} and its subcommands on {@code cli}. */
    public static void register(CommandLine cli) {
        cli.addSubcommand(new ImportCommands());
    }

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }
}
