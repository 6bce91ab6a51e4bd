package dev.dpm.cli.bench;

import picocli.CommandLine;

/**
 * Registers {@code dpm bench}: {@code eval} (the evaluation against a mirror) and the per-area
 * benchmarks of dpm-bench ({@code content}, {@code storage}, {@code resolve}, {@code pm}, {@code chain}),
 * each a command with the benchmark's arguments declared, checked, and listed by {@code --help}.
 */
public final class BenchCommands {
    private BenchCommands() {
    }

    public static void register(CommandLine cli) {
        cli.addSubcommand("bench", benchCommand(
                dev.dpm.bench.content.ImportBenchmark::main,
                dev.dpm.bench.storage.StorageBenchmarks::main,
                dev.dpm.bench.resolve.ResolveBenchmark::main,
                dev.dpm.bench.pm.PmBenchmark::main,
                dev.dpm.bench.chain.RegistryBenchmark::main));
    }

    /** The {@code bench} command with the given benchmark entry points (tests pass recording ones). */
    static CommandLine benchCommand(AreaBenchmarkCommand.Main content, AreaBenchmarkCommand.Main storage,
            AreaBenchmarkCommand.Main resolve, AreaBenchmarkCommand.Main pm, AreaBenchmarkCommand.Main chain) {
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand(new EvalCommand());
        bench.addSubcommand(new ContentBenchCommand(content));
        bench.addSubcommand(new StorageBenchCommand(storage));
        bench.addSubcommand(new ResolveBenchCommand(resolve));
        bench.addSubcommand(new PmBenchCommand(pm));
        bench.addSubcommand(new ChainBenchCommand(chain));
        return bench;
    }
}
