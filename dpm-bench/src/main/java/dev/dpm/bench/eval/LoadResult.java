package dev.dpm.bench.eval;

import java.util.Arrays;

/**
 * One load run: C clients installing packages back to back for a fixed time.
 *
 * @param system      "mirror" or "dpm"
 * @param nodes       N (1 for the mirror)
 * @param clients     C
 * @param replication r (0 for the mirror)
 * @param installs    installs completed (every byte verified)
 * @param failures    installs that failed
 * @param bytes       verified bytes received by all clients
 * @param seconds     wall time from the first request to the last completion
 * @param latencies   per-install latency in milliseconds, sorted
 */
public record LoadResult(String system, int nodes, int clients, int replication, int installs, int failures,
                         long bytes, double seconds, double[] latencies) {

    /** The {@code q}-quantile of the latencies (nearest rank), milliseconds; NaN with no installs. */
    public double percentile(double q) {
        if (latencies.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(q * latencies.length);
        return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))];
    }

    public double p50() {
        return percentile(0.50);
    }

    public double p95() {
        return percentile(0.95);
    }

    public double p99() {
        return percentile(0.99);
    }

    /** The slowest install, milliseconds; NaN with no installs. */
    public double max() {
        return latencies.length == 0 ? Double.NaN : latencies[latencies.length - 1];
    }

    public double mean() {
        return Arrays.stream(latencies).average().orElse(Double.NaN);
    }

    /** Aggregate verified throughput, MiB/s. */
    public double mibPerSecond() {
        return seconds > 0 ? bytes / 1048576.0 / seconds : 0;
    }
}
