package dev.dpm.cli.bench;

import dev.dpm.content.unixfs.ImportProfile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dpm bench content}: {@link dev.dpm.bench.content.ImportBenchmark}. */
@Command(name = "content", mixinStandardHelpOptions = true,
        description = {"Import throughput of one large file of random bytes: the UnixFS import without storing (as dpm add --only-hash) and into a "
                + "FileBlockstore (durable at the end, and with an fsync per block) against openssl dgst -sha256 "
                + "(the SHA-256 ceiling) and dd conv=fsync (the disk) on the same file, best of --runs.",
                "Needs openssl and dd. Prints one line per figure with its ratio to the baseline."})
final class ContentBenchCommand extends AreaBenchmarkCommand {
    @Option(names = "--size", paramLabel = "BYTES", description = "size of the test file (default: 1073741824, 1 GiB)")
    Long size;

    @Option(names = "--runs", paramLabel = "N", description = "runs of each measurement; the best is kept (default: 3)")
    Integer runs;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "work directory, kept afterwards (default: a temporary one, deleted)")
    Path dir;

    @Option(names = "--profile", paramLabel = "ID", description = "import profile: unixfs-v1-2025 (default) or kubo-v1")
    String profile;

    ContentBenchCommand(Main main) {
        super(main);
    }

    @Override
    List<String> benchmarkArgs() {
        List<String> a = new ArrayList<>();
        if (size != null) {
            a.addAll(List.of("--size", Long.toString(atLeast("--size", size, 1))));
        }
        if (runs != null) {
            a.addAll(List.of("--runs", Long.toString(atLeast("--runs", runs, 1))));
        }
        if (dir != null) {
            a.addAll(List.of("--dir", workDir("--dir", dir)));
        }
        if (profile != null) {
            try {
                ImportProfile.byId(profile);
            } catch (IllegalArgumentException e) {
                throw usage("--profile: " + e.getMessage());
            }
            a.addAll(List.of("--profile", profile));
        }
        return a;
    }
}
