package dev.dpm.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dpm bench}: lists its subcommands. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: 'eval' measures dpm against a mirror and writes the report; the others run one "
                + "area's benchmark with its own arguments.")
final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw dev.dpm.cli.CliError.missingSubcommand(spec);
    }
}
