package dev.dpm.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpm bench chain}: {@link dev.dpm.bench.chain.RegistryBenchmark}. */
@Command(name = "chain", mixinStandardHelpOptions = true,
        description = {"Publishing throughput of --n releases on a devnet (anvil, one block per second), three ways "
                + "in the same run: a naive client sending every transaction back to back (baseline; counts those "
                + "that never confirm), dpm one transaction per release (bounded in flight, every receipt confirmed), "
                + "and dpm's batch call."})
final class ChainBenchCommand extends AreaBenchmarkCommand {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "work directory (devnet, keystore)")
    Path dir;

    @Option(names = "--repo", paramLabel = "DIR", description = "the dpm checkout, for anvil (default: the one bin/dpm runs from)")
    Path repo;

    @Option(names = "--n", paramLabel = "N", description = "releases to publish (default: 1000)")
    Integer n;

    @Option(names = "--in-flight", paramLabel = "N", description = "transactions in flight at most (default: 256)")
    Integer inFlight;

    ChainBenchCommand(Main main) {
        super(main);
    }

    @Override
    List<String> benchmarkArgs() {
        List<String> a = new ArrayList<>(List.of("--repo", checkout(repo), "--dir", workDir("--dir", dir)));
        if (n != null) {
            a.addAll(List.of("--n", Long.toString(atLeast("--n", n, 1))));
        }
        if (inFlight != null) {
            a.addAll(List.of("--in-flight", Long.toString(atLeast("--in-flight", inFlight, 1))));
        }
        return a;
    }
}
