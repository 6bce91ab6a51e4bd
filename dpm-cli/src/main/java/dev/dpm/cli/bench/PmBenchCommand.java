package dev.dpm.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpm bench pm}: {@link dev.dpm.bench.pm.PmBenchmark}. */
@Command(name = "pm", mixinStandardHelpOptions = true,
        description = {"The package manager on a devnet (anvil), each figure with its baseline",
                "measured in the same run:",
                "  update   dpm update of a fresh root from a registry of --releases",
                "           releases, then a no-op update",
                "  resolve  resolving a request on that index",
                "  install  a package with --deps dependencies of --dep-bytes each,",
                "           from --nodes local dpm nodes, vs one curl fetching the",
                "           same bytes from nginx",
                "Needs nginx-light and curl."})
final class PmBenchCommand extends AreaBenchmarkCommand {
    @Option(names = "--dir", required = true, paramLabel = "DIR", description = "work directory (devnet, nodes, roots)")
    Path dir;

    @Option(names = "--repo", paramLabel = "DIR", description = "the dpm checkout, for anvil (default: the one bin/dpm runs from)")
    Path repo;

    @Option(names = "--releases", paramLabel = "N", description = "releases in the registry (default: 10000)")
    Integer releases;

    @Option(names = "--deps", paramLabel = "N", description = "dependencies of the installed package (default: 50)")
    Integer deps;

    @Option(names = "--dep-bytes", paramLabel = "BYTES", description = "payload size of each dependency (default: 1048576)")
    Long depBytes;

    @Option(names = "--nodes", paramLabel = "N", description = "storage nodes (default: 3)")
    Integer nodes;

    @Option(names = "--log-page-blocks", paramLabel = "N", description = "blocks per eth_getLogs page of the event scan")
    Long logPageBlocks;

    PmBenchCommand(Main main) {
        super(main);
    }

    @Override
    List<String> benchmarkArgs() {
        List<String> a = new ArrayList<>(List.of("--repo", checkout(repo), "--dir", workDir("--dir", dir)));
        if (releases != null) {
            a.addAll(List.of("--releases", Long.toString(atLeast("--releases", releases, 1))));
        }
        if (deps != null) {
            a.addAll(List.of("--deps", Long.toString(atLeast("--deps", deps, 0))));
        }
        if (depBytes != null) {
            a.addAll(List.of("--dep-bytes", Long.toString(atLeast("--dep-bytes", depBytes, 1))));
        }
        if (nodes != null) {
            a.addAll(List.of("--nodes", Long.toString(atLeast("--nodes", nodes, 1))));
        }
        if (logPageBlocks != null) {
            a.addAll(List.of("--log-page-blocks", Long.toString(atLeast("--log-page-blocks", logPageBlocks, 1))));
        }
        return a;
    }
}
