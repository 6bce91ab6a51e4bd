package dev.dpm.cli.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dpm bench storage}: {@link dev.dpm.bench.storage.StorageBenchmarks}. */
@Command(name = "storage", mixinStandardHelpOptions = true,
        description = {"Storage networking against nginx on loopback, in the same run:",
                "  download  one file from one dpm node (every block verified)",
                "            vs curl from nginx; goal >= 0.8x",
                "  multi     from 4 nodes vs from 1 node, each capped at the same",
                "            bandwidth; goal >= 3.5x",
                "  clients   requests/s of 100 concurrent wrk clients fetching a 1 MiB",
                "            block, vs nginx; goal >= 0.7x",
                "Needs nginx-light, curl and wrk."})
final class StorageBenchCommand extends AreaBenchmarkCommand {
    static final Set<String> BENCHMARKS = Set.of("download", "multi", "clients");

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORKDIR",
            description = "work directory, kept afterwards (default: a temporary one, deleted)")
    Path work;

    @Parameters(index = "1", arity = "0..1", paramLabel = "SIZE_MIB",
            description = "size of the downloaded file in MiB (default: 1024; multi uses at most 128)")
    Long sizeMib;

    @Parameters(index = "2", arity = "0..1", paramLabel = "WHICH",
            description = "comma-separated benchmarks among download, multi, clients (default: all three)")
    String which;

    StorageBenchCommand(Main main) {
        super(main);
    }

    @Override
    List<String> benchmarkArgs() {
        List<String> a = new ArrayList<>();
        if (work == null) {
            return a;
        }
        a.add(workDir("WORKDIR", work));
        if (sizeMib != null) {
            a.add(Long.toString(atLeast("SIZE_MIB", sizeMib, 1)));
        }
        if (which != null) {
            for (String w : which.split(",", -1)) {
                if (!BENCHMARKS.contains(w)) {
                    throw usage("unknown benchmark '" + w + "' in WHICH (download, multi, clients)");
                }
            }
            a.add(which);
        }
        return a;
    }
}
