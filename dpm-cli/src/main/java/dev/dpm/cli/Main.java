package dev.dpm.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code dpm} command line.
 *
 * <p>Each area registers its subcommands here (one line each). Commands report user mistakes and
 * library failures by throwing {@link CliError} or a library exception; {@link ErrorReporter} turns
 * them into one line on stderr and a distinct exit code, never a stack trace.
 */
@Command(name = "dpm", mixinStandardHelpOptions = true, version = "dpm 0.1.0",
        description = "dpm: a decentralized package manager (registry on an EVM chain, content on IPFS).")
public final class Main implements Runnable {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The full command tree; tests drive it directly. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        // Subcommands, one line per area:
        dev.dpm.cli.storage.StorageCommands.register(cli);
        dev.dpm.cli.content.ContentCommands.register(cli);
        dev.dpm.cli.chain.ChainCommands.register(cli);
        dev.dpm.cli.pm.PmCommands.register(cli);
        dev.dpm.cli.debimport.ImportCommands.register(cli);
        dev.dpm.cli.doctor.DoctorCommand.register(cli);
        dev.dpm.cli.bench.BenchCommands.register(cli);
        // `source <(dpm generate-completion)`: bash/zsh completion of every command and option, from this tree
        cli.addSubcommand(new picocli.AutoComplete.GenerateCompletion());
        return withErrorHandling(cli);
    }

    /**
     * {@code cli} and its subcommands reporting errors as dpm does: a usage error or a failure is one line on
     * stderr and a distinct exit code ({@link UsageErrorHandler}, {@link ErrorReporter}). Tests that build a
     * part of the tree use it too.
     */
    public static CommandLine withErrorHandling(CommandLine cli) {
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        cli.setExecutionExceptionHandler(new ErrorReporter());
        return cli;
    }

    @Override
    public void run() {
        // the registered tree's usage, with its commands, on the command line's own output (tests capture it)
        CommandLine cli = spec.commandLine();
        cli.usage(cli.getOut());
    }
}
