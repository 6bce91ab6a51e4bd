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
        bench.addSubcommand("content", new PassThroughCommand("content", dev.dpm.bench.content.ImportBenchmark::main));
        bench.addSubcommand("storage", new PassThroughCommand("storage",
                dev.dpm.bench.storage.StorageBenchmarks::main));
        bench.addSubcommand("resolve", new PassThroughCommand("resolve",
                dev.dpm.bench.resolve.ResolveBenchmark::main));
        bench.addSubcommand("pm", new PassThroughCommand("pm", dev.dpm.bench.pm.PmBenchmark::main));
        bench.addSubcommand("chain", new PassThroughCommand("chain", dev.dpm.bench.chain.RegistryBenchmark::main));
        cli.addSubcommand("bench", bench);
    }
}
