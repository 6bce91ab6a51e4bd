package dev.dpm.core.pm;

/**
 * What a plan costs, shown before it is approved (apt's "Need to get ... After this operation ...",
 * pacman's "Total Download Size / Total Installed Size").
 *
 * @param fetchBytes      payload bytes of the releases to install whose payload is not in the local
 *                        repository yet (its root block absent), as their manifests state them
 * @param fetchReleases   how many releases that is
 * @param installedDelta  change of the bytes installed on disk: the new releases' installed sizes
 *                        minus those of the releases they replace or that are removed
 */
public record PlanSizes(long fetchBytes, int fetchReleases, long installedDelta) {
}
