package dev.dpm.bench.eval;

import java.util.List;

/**
 * The whole-archive extrapolation (a simulation, not a measurement).
 *
 * @param packages     packages in the simulated archive (all of the Debian index)
 * @param archiveBytes their total size
 * @param storage      storage per peer by peer count and r
 * @param fetch        fetch time by peer count
 * @param churn        unavailability under churn by peer count, r and offline fraction
 * @param model        the model's parameters, in words, for the report
 */
public record SimulationResult(int packages, long archiveBytes, List<Storage> storage, List<Fetch> fetch,
                               List<Churn> churn, List<String> model) {
    public SimulationResult {
        storage = List.copyOf(storage);
        fetch = List.copyOf(fetch);
        churn = List.copyOf(churn);
        model = List.copyOf(model);
    }

    /** Bytes per peer under rendezvous assignment of every package to r of P peers. */
    public record Storage(int peers, int r, double meanBytes, double p99Bytes, double maxBytes) {
    }

    /**
     * Install fetch times (seconds) over the Debian size distribution with {@code concurrent} installs in flight.
     *
     * @param repairMeanSeconds time to restore r after one peer leaves (its share re-fetched in parallel by the
     *                          new owners), mean over the departures simulated
     * @param repairMaxSeconds  the same, worst departure (a peer holding one of the largest packages)
     */
    public record Fetch(int peers, int concurrent, double dpmP50, double dpmP95, double dpmP99, double mirrorP50,
                        double mirrorP95, double mirrorP99, double repairMeanSeconds, double repairMaxSeconds) {
    }

    /**
     * Fraction of packages with no holder online when each peer is offline independently with
     * probability {@code offline} (no repair), simulated, against the formula offline^r.
     */
    public record Churn(int peers, int r, double offline, double unavailable, double formula) {
    }
}
