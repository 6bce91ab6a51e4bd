package dev.dpm.bench.eval;

import java.util.List;
import java.util.Map;

/**
 * The registry side, measured on a real anvil devnet.
 *
 * @param gas            gas of each operation (a real receipt each), in the order measured
 * @param steps          fresh-root {@code dpm update} times at growing registry sizes
 * @param publishedPerSecond releases per second of the Debian index importer (batch publish) in this run
 * @param manifestBytes  mean size of the published Debian manifests, bytes
 */
public record RegistryResult(Map<String, Long> gas, List<UpdateStep> steps, double publishedPerSecond,
                             double manifestBytes) {
    public RegistryResult {
        gas = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(gas));
        steps = List.copyOf(steps);
    }

    /**
     * One registry size.
     *
     * @param releases     releases on chain
     * @param updateMillis wall time of {@code PackageManager.update()} on a fresh root
     * @param indexed      releases the local index held afterwards
     */
    public record UpdateStep(long releases, long updateMillis, long indexed) {
    }

    /**
     * Least-squares line through the steps, evaluated at {@code releases}: the extrapolated fresh
     * update time in milliseconds. A single step, or steps too noisy to give a positive slope,
     * extrapolate proportionally from the largest step.
     */
    public double extrapolateUpdateMillis(long releases) {
        UpdateStep largest = steps.stream().max(java.util.Comparator.comparingLong(UpdateStep::releases))
                .orElseThrow();
        double proportional = largest.updateMillis() * (double) releases / Math.max(1, largest.releases());
        if (steps.size() == 1) {
            return proportional;
        }
        double n = steps.size();
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        for (UpdateStep s : steps) {
            sx += s.releases();
            sy += s.updateMillis();
            sxx += (double) s.releases() * s.releases();
            sxy += (double) s.releases() * s.updateMillis();
        }
        double slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
        double intercept = (sy - slope * sx) / n;
        return slope > 0 ? intercept + slope * releases : proportional;
    }

    /**
     * Extrapolation from the largest step at the marginal cost per release between the two largest
     * steps (more conservative than the line when the cost grows faster than linearly); the
     * proportional figure with fewer than two steps.
     */
    public double marginalUpdateMillis(long releases) {
        List<UpdateStep> sorted = steps.stream().sorted(java.util.Comparator.comparingLong(UpdateStep::releases))
                .toList();
        UpdateStep last = sorted.get(sorted.size() - 1);
        if (sorted.size() < 2) {
            return last.updateMillis() * (double) releases / Math.max(1, last.releases());
        }
        UpdateStep prev = sorted.get(sorted.size() - 2);
        double perRelease = (last.updateMillis() - prev.updateMillis()) / (double) Math.max(1,
                last.releases() - prev.releases());
        if (perRelease <= 0) {
            perRelease = last.updateMillis() / (double) Math.max(1, last.releases());
        }
        return last.updateMillis() + perRelease * (releases - last.releases());
    }
}
