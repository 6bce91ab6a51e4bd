package dev.dpm.cli.bench;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dpm bench resolve}: {@link dev.dpm.bench.resolve.ResolveBenchmark}. */
@Command(name = "resolve", mixinStandardHelpOptions = true,
        description = {"Resolver times (wall clock and CPU):",
                "  synthetic  an index of SYNTHETIC_N names: REPEATS install requests",
                "             of 5 random packages; median and max",
                "  bookworm   apt's lists in /var/lib/apt/lists: build-essential,",
                "             openjdk-17-jdk, libreoffice-writer, gnome-core on an",
                "             empty system, vs apt-get -s install in the same run"})
final class ResolveBenchCommand extends AreaBenchmarkCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SYNTHETIC_N",
            description = "names in the synthetic index (default: 10000)")
    Integer names;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPEATS", description = "requests on it (default: 30)")
    Integer repeats;

    @Option(names = "--no-debian", description = "skip the bookworm comparison with apt-get")
    boolean noDebian;

    ResolveBenchCommand(Main main) {
        super(main);
    }

    @Override
    List<String> benchmarkArgs() {
        // the benchmark reads its numbers by position, so both are always given, --no-debian after them
        List<String> a = new ArrayList<>();
        a.add(Long.toString(atLeast("SYNTHETIC_N", names != null ? names : 10_000, 1)));
        a.add(Long.toString(atLeast("REPEATS", repeats != null ? repeats : 30, 1)));
        if (noDebian) {
            a.add("--no-debian");
        }
        return a;
    }
}
