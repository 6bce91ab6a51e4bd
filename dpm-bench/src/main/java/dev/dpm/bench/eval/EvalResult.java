package dev.dpm.bench.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one evaluation run measured (and simulated), for the report.
 *
 * @param config        the configuration
 * @param started       when the run began
 * @param elapsed       how long it took
 * @param indexNote     which Debian index was used and whether apt-get update refreshed it
 * @param debian        the whole index (the simulation's archive)
 * @param archive       the loopback sample: packages, scaled sizes
 * @param load          every load run, mirror and dpm
 * @param storage       bytes per node for each (N, r) placed
 * @param churn         the node-leaving experiment
 * @param registry      gas and update times (null if skipped)
 * @param pm            one full install through PackageManager (null if skipped)
 * @param simulation    the whole-archive extrapolation
 * @param notes         anything that went wrong or was skipped, in words
 * @param machine       the machine's load during the run (load averages at start and end), in words
 */
public record EvalResult(EvalConfig config, Instant started, Duration elapsed, String indexNote, DebianSizes debian,
                         ArchiveSummary archive, List<LoadResult> load, List<StorageRow> storage, ChurnResult churn,
                         RegistryResult registry, InstallResult pm, SimulationResult simulation,
                         List<String> notes, String machine) {

    /** The loopback archive in numbers. */
    public record ArchiveSummary(int packages, long fileBytes, long dagBytes, double scale, long clamp,
                                 long clamped, long realBytes, long minSize, long medianSize, long maxSize) {
    }

    /** Storage per node for N nodes at replication r, against the full mirror. */
    public record StorageRow(int nodes, int r, long mirrorBytes, double meanBytes, long minBytes, long maxBytes) {
        public double meanFraction() {
            return meanBytes / mirrorBytes;
        }

        public double maxFraction() {
            return (double) maxBytes / mirrorBytes;
        }
    }

    /**
     * A node leaving.
     *
     * @param nodes        N
     * @param before       load with every node up (r = 2)
     * @param afterLeave   load right after one node stopped, clients unaware (r = 2)
     * @param afterRepair  load after re-replication, clients on the new membership
     * @param repairCopies DAG copies re-replication made
     * @param repairBytes  bytes it fetched
     * @param repairMillis its wall time
     * @param repairPredictedMillis the same repair as the simulation's model predicts at this cap
     * @param rOneLeave    load after a node left at r = 1
     * @param rOneLost     packages with no holder left at r = 1
     */
    public record ChurnResult(int nodes, LoadResult before, LoadResult afterLeave, LoadResult afterRepair,
                              int repairCopies, long repairBytes, long repairMillis, long repairPredictedMillis,
                              LoadResult rOneLeave, int rOneLost) {
    }
}
