package dev.dpm.bench.eval;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one evaluation run measures and at which scale. {@link #defaults()} fits a 2-core machine in
 * about ten minutes; {@link #tiny()} is the test's configuration (well under a minute of measurement).
 *
 * @param packages          packages sampled (uniformly, seeded) from the Debian index for the loopback archive
 * @param scale             factor applied to every sampled package size (the archive is scaled to fit the machine)
 * @param capBytesPerSecond egress cap of each dpm node and of the mirror, bytes per second
 * @param nodeCounts        N, the numbers of dpm storage nodes of the latency runs
 * @param clientCounts      C, the numbers of concurrent installing clients
 * @param replication       r of the latency runs
 * @param replicationFactors r values of the storage measurement
 * @param runDuration       how long each (system, N, C) load run lasts
 * @param churnNodes        N of the node-leaving experiment
 * @param churnClients      C of the node-leaving experiment
 * @param releaseSteps      registry sizes at which a fresh {@code dpm update} is timed (published with the Debian importer)
 * @param pmDeps            dependencies of the package installed through {@code PackageManager} (0 = skip)
 * @param simPeers          peer counts of the whole-archive simulation
 * @param seed              seed of every random choice
 * @param indexFiles        the Debian Packages index files (bookworm main first); empty = apt's lists
 * @param repoRoot          the dpm checkout (for anvil under node_modules)
 * @param out               where the report and plots go
 * @param work              scratch directory (deleted by the caller)
 */
public record EvalConfig(int packages, double scale, long capBytesPerSecond, List<Integer> nodeCounts,
        List<Integer> clientCounts, int replication, List<Integer> replicationFactors, Duration runDuration,
        int churnNodes, int churnClients, List<Integer> releaseSteps, int pmDeps, List<Integer> simPeers, long seed,
        List<Path> indexFiles, Path repoRoot, Path out, Path work) {

    public EvalConfig {
        nodeCounts = List.copyOf(nodeCounts);
        clientCounts = List.copyOf(clientCounts);
        replicationFactors = List.copyOf(replicationFactors);
        releaseSteps = List.copyOf(releaseSteps);
        simPeers = List.copyOf(simPeers);
        indexFiles = List.copyOf(indexFiles);
        Objects.requireNonNull(repoRoot, "repoRoot");
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(work, "work");
        if (packages < 4 || scale <= 0 || capBytesPerSecond <= 0 || replication < 1 || churnNodes < 3) {
            throw new IllegalArgumentException("bad evaluation configuration");
        }
    }

    /** The full run: 600 packages at 1/8 size, 4 MiB/s caps, N up to 32, C up to 64, 8 s per load run. */
    public static EvalConfig defaults(Path repoRoot, Path out, Path work) {
        return new EvalConfig(600, 1.0 / 8, 4L << 20, List.of(1, 4, 16, 32), List.of(1, 4, 16, 64), 2,
                List.of(1, 2, 3), Duration.ofSeconds(8), 16, 16, List.of(1_000, 3_000, 6_000), 20,
                List.of(100, 1_000, 5_000, 10_000), 42, List.of(), repoRoot, out, work);
    }

    /** The test's run: 40 packages at 1/64 size, N in {1, 4}, C in {1, 4}, 1 s per load run. */
    public static EvalConfig tiny(Path repoRoot, Path out, Path work) {
        return new EvalConfig(40, 1.0 / 64, 2L << 20, List.of(1, 4), List.of(1, 4), 2, List.of(1, 2, 3),
                Duration.ofSeconds(1), 4, 4, List.of(100, 200), 2, List.of(100, 1_000), 42, List.of(), repoRoot, out,
                work);
    }

    public EvalConfig withIndexFiles(List<Path> files) {
        return new EvalConfig(packages, scale, capBytesPerSecond, nodeCounts, clientCounts, replication,
                replicationFactors, runDuration, churnNodes, churnClients, releaseSteps, pmDeps, simPeers, seed, files,
                repoRoot, out, work);
    }

    public EvalConfig withReleaseSteps(List<Integer> steps) {
        return new EvalConfig(packages, scale, capBytesPerSecond, nodeCounts, clientCounts, replication,
                replicationFactors, runDuration, churnNodes, churnClients, steps, pmDeps, simPeers, seed, indexFiles,
                repoRoot, out, work);
    }

    public EvalConfig withLoad(List<Integer> nodes, List<Integer> clients, Duration duration) {
        return new EvalConfig(packages, scale, capBytesPerSecond, nodes, clients, replication, replicationFactors,
                duration, churnNodes, churnClients, releaseSteps, pmDeps, simPeers, seed, indexFiles, repoRoot, out,
                work);
    }
}
