package dev.dpm.cli.bench;

import picocli.CommandLine;

/**
 * Registers {@code dpm bench}: {@code eval} (the evaluation against a mirror) and the per-area
 * benchmarks of dpm-bench ({@code content}, {@code storage}, {@code resolve}, {@code pm}, {@code chain}),
 * whose arguments are passed through unchanged.
 */
public final class BenchCommands {
    private BenchCommands() {
    }

    public static void register(CommandLine cli) {
        CommandLine bench = new CommandLine(new BenchCommand());
        bench.addSubcommand(new EvalCommand());
        bench.addSubcommand("content", passThrough("content", dev.dpm.bench.content.ImportBenchmark::main));
        bench.addSubcommand("storage", passThrough("storage", dev.dpm.bench.storage.StorageBenchmarks::main));
        bench.addSubcommand("resolve", passThrough("resolve", dev.dpm.bench.resolve.ResolveBenchmark::main));
        bench.addSubcommand("pm", passThrough("pm", dev.dpm.bench.pm.PmBenchmark::main));
        bench.addSubcommand("chain", passThrough("chain", dev.dpm.bench.chain.RegistryBenchmark::main));
        cli.addSubcommand("bench", bench);
    }

    /**
     * A subcommand handing its arguments to a benchmark's main() in the order given: options such as
     * {@code --size N} are the benchmark's, so picocli must treat them as plain positional arguments.
     */
    static CommandLine passThrough(String name, PassThroughCommand.Main main) {
        return new CommandLine(new PassThroughCommand(name, main)).setUnmatchedOptionsArePositionalParams(true);
    }
}
