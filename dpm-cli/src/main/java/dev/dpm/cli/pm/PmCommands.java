package dev.dpm.cli.pm;

import picocli.CommandLine;

/**
 * The package manager's commands: {@code publish}, {@code update}, {@code search}, {@code info},
 * {@code install}, {@code remove}, {@code autoremove}, {@code upgrade}, {@code why}, {@code list}, {@code files}, {@code owns}, {@code hold},
 * {@code unhold}, {@code mark}, {@code verify}, {@code history}, and
 * {@code config} to read and change the client configuration. Each drives one call of
 * {@link dev.dpm.core.pm.PackageManager}.
 */
public final class PmCommands {
    private PmCommands() {
    }

    /** Registers every package manager command on {@code cli}. */
    public static void register(CommandLine cli) {
        cli.addSubcommand(new PublishCommand());
        cli.addSubcommand(new UpdateCommand());
        cli.addSubcommand(new SearchCommand());
        cli.addSubcommand(new InfoCommand());
        cli.addSubcommand(new InstallCommand());
        cli.addSubcommand(new RemoveCommand());
        cli.addSubcommand(new AutoremoveCommand());
        cli.addSubcommand(new UpgradeCommand());
        cli.addSubcommand(new ListCommand());
        cli.addSubcommand(new FilesCommand());
        cli.addSubcommand(new OwnsCommand());
        cli.addSubcommand(new WhyCommand());
        cli.addSubcommand(new HoldCommand.Hold());
        cli.addSubcommand(new HoldCommand.Unhold());
        cli.addSubcommand(new MarkCommand());
        cli.addSubcommand(new VerifyCommand());
        cli.addSubcommand(new HistoryCommand());
        cli.addSubcommand(new ConfigCommand());
    }
}
