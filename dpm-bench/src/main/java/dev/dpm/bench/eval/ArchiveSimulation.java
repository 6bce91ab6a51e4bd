package dev.dpm.bench.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Extrapolates to the whole Debian archive and thousands of peers by simulation: every package of the
 * index (its real size) is assigned by rendezvous hashing to r of P peers; storage per peer is counted
 * exactly; fetch time and repair time come from a fluid bandwidth model; churn is sampled.
 *
 * <p>The rendezvous weight here is a 64-bit mix (splitmix64) of peer and package numbers rather than
 * SHA-256, for speed at 10^4 peers × 6·10^4 packages; it has the same uniformity, which is all that
 * storage balance depends on.
 */
final class ArchiveSimulation {
    /** Uplink of one peer, bytes/s (20 Mbit/s, a home connection). */
    static final double PEER_UPLINK = 20e6 / 8;
    /** Uplink of the mirror, bytes/s (1 Gbit/s). */
    static final double MIRROR_UPLINK = 1e9 / 8;
    /** Downlink of an installing client, bytes/s (100 Mbit/s). */
    static final double CLIENT_DOWNLINK = 100e6 / 8;
    /** Installs in flight at once across all clients. */
    static final int CONCURRENT = 2_000;
    static final int MAX_R = 3;
    /** Departures whose repair time is computed (each peer in turn leaving alone). */
    static final int DEPARTURES = 100;

    private ArchiveSimulation() {
    }

    static SimulationResult run(DebianSizes debian, List<Integer> peerCounts, long seed, EvalListener listener) {
        long[] sizes = debian.sizes();
        int n = sizes.length;
        List<SimulationResult.Storage> storage = new ArrayList<>();
        List<SimulationResult.Fetch> fetch = new ArrayList<>();
        List<SimulationResult.Churn> churn = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        for (int peers : peerCounts) {
            listener.progress(String.format(Locale.ROOT, "simulation: %,d packages on %,d peers", n, peers));
            // top-3 owners of each package
            int[][] owners = new int[n][MAX_R];
            long[] peerSeed = new long[peers];
            for (int p = 0; p < peers; p++) {
                peerSeed[p] = mix(seed ^ (p * 0x9E3779B97F4A7C15L));
            }
            for (int k = 0; k < n; k++) {
                long key = mix(k + 0x632BE59BD9B4E019L);
                long w0 = 0;
                long w1 = 0;
                long w2 = 0;
                int o0 = -1;
                int o1 = -1;
                int o2 = -1;
                for (int p = 0; p < peers; p++) {
                    long w = mix(peerSeed[p] ^ key);
                    if (o2 < 0 || Long.compareUnsigned(w, w2) > 0) {
                        if (o0 < 0 || Long.compareUnsigned(w, w0) > 0) {
                            w2 = w1; o2 = o1; w1 = w0; o1 = o0; w0 = w; o0 = p;
                        } else if (o1 < 0 || Long.compareUnsigned(w, w1) > 0) {
                            w2 = w1; o2 = o1; w1 = w; o1 = p;
                        } else {
                            w2 = w; o2 = p;
                        }
                    }
                }
                owners[k][0] = o0;
                owners[k][1] = o1;
                owners[k][2] = o2;
            }
            for (int r = 1; r <= MAX_R && r <= peers; r++) {
                double[] bytes = new double[peers];
                for (int k = 0; k < n; k++) {
                    for (int j = 0; j < r; j++) {
                        bytes[owners[k][j]] += sizes[k];
                    }
                }
                Arrays.sort(bytes);
                storage.add(new SimulationResult.Storage(peers, r, Arrays.stream(bytes).average().orElse(0),
                        bytes[(int) Math.min(peers - 1, Math.ceil(0.99 * peers) - 1)], bytes[peers - 1]));
                for (double offline : new double[] {0.1, 0.3, 0.5}) {
                    churn.add(new SimulationResult.Churn(peers, r, offline,
                            unavailable(owners, r, peers, offline, random), Math.pow(offline, r)));
                }
            }
            fetch.add(fetchTimes(sizes, owners, peers, random));
        }
        List<String> model = List.of(
                String.format(Locale.ROOT, "every package of the index at its real size (%,d packages, %.1f GiB)", n,
                        debian.totalBytes() / (double) (1L << 30)),
                "peer uplink 20 Mbit/s, mirror uplink 1 Gbit/s, client downlink 100 Mbit/s",
                String.format(Locale.ROOT, "%,d installs in flight at once, packages drawn uniformly from the index",
                        CONCURRENT),
                "each uplink shared equally among the transfers it serves; an install is split over its r = 2 holders "
                        + "in proportion to the rate each offers; the mirror's uplink is shared by all installs",
                "repair: after one peer leaves, each new owner re-fetches its part of the departed share from the "
                        + "surviving holders at one peer uplink; the repair ends when the busiest new owner is done; "
                        + "mean and worst over " + DEPARTURES + " departures (each of the first peers leaving alone)",
                "churn: each peer offline independently with the given probability, no repair; 20,000 sampled packages");
        return new SimulationResult(n, debian.totalBytes(), storage, fetch, churn, model);
    }

    private static double unavailable(int[][] owners, int r, int peers, double offline, SplittableRandom random) {
        boolean[] down = new boolean[peers];
        int trials = 5;
        long lost = 0;
        long total = 0;
        for (int t = 0; t < trials; t++) {
            for (int p = 0; p < peers; p++) {
                down[p] = random.nextDouble() < offline;
            }
            for (int s = 0; s < 4_000; s++) {
                int k = random.nextInt(owners.length);
                boolean allDown = true;
                for (int j = 0; j < r; j++) {
                    allDown &= down[owners[k][j]];
                }
                lost += allDown ? 1 : 0;
                total++;
            }
        }
        return lost / (double) total;
    }

    /** Fluid model at r = 2 for dpm; percentiles over sampled installs. */
    private static SimulationResult.Fetch fetchTimes(long[] sizes, int[][] owners, int peers, SplittableRandom random) {
        int r = Math.min(2, peers);
        // transfers each peer serves: the in-flight installs are CONCURRENT uniform packages, each on its r holders
        int[] load = new int[peers];
        int[] inFlight = new int[CONCURRENT];
        for (int i = 0; i < CONCURRENT; i++) {
            inFlight[i] = random.nextInt(sizes.length);
            for (int j = 0; j < r; j++) {
                load[owners[inFlight[i]][j]]++;
            }
        }
        double mirrorRate = Math.min(CLIENT_DOWNLINK, MIRROR_UPLINK / CONCURRENT);
        double[] dpm = new double[CONCURRENT];
        double[] mirror = new double[CONCURRENT];
        for (int i = 0; i < CONCURRENT; i++) {
            int k = inFlight[i];
            double rate = 0;
            for (int j = 0; j < r; j++) {
                rate += PEER_UPLINK / load[owners[k][j]];
            }
            rate = Math.min(CLIENT_DOWNLINK, rate);
            dpm[i] = sizes[k] / rate;
            mirror[i] = sizes[k] / mirrorRate;
        }
        Arrays.sort(dpm);
        Arrays.sort(mirror);
        // repair after a peer leaves, for each of the first DEPARTURES peers in turn: per new owner, the bytes
        // of the departed share it must now hold (the next in rank takes the departed peer's place)
        int departures = Math.min(peers, DEPARTURES);
        java.util.Map<Long, Double> gain = new java.util.HashMap<>();
        if (peers > r) {
            for (int k = 0; k < sizes.length; k++) {
                for (int j = 0; j < r; j++) {
                    if (owners[k][j] < departures) {
                        gain.merge((long) owners[k][j] * peers + owners[k][r], (double) sizes[k], Double::sum);
                    }
                }
            }
        }
        double[] busiest = new double[departures];
        gain.forEach((key, bytes) -> {
            int d = (int) (key / peers);
            busiest[d] = Math.max(busiest[d], bytes);
        });
        double repairMean = Arrays.stream(busiest).average().orElse(0) / PEER_UPLINK;
        double repairMax = Arrays.stream(busiest).max().orElse(0) / PEER_UPLINK;
        return new SimulationResult.Fetch(peers, CONCURRENT, q(dpm, .5), q(dpm, .95), q(dpm, .99), q(mirror, .5),
                q(mirror, .95), q(mirror, .99), repairMean, repairMax);
    }

    private static double q(double[] sorted, double q) {
        return sorted[(int) Math.max(0, Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1))];
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
