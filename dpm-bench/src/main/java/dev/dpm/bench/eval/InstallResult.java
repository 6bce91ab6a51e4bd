package dev.dpm.bench.eval;

/**
 * A full {@code dpm install} through {@code PackageManager} (resolve, fetch from capped nodes, verify,
 * unpack, commit) of one package depending on {@code deps} sampled packages, against apt's network part
 * (sequential GETs with SHA-256 checks) for the same files from the capped mirror.
 *
 * @param deps          dependencies installed
 * @param bytes         their payload bytes
 * @param nodes         dpm nodes holding them (each with the cap)
 * @param installMillis wall time of the whole install
 * @param fetchMillis   sum of the fetch times the package manager reported (payloads are fetched in
 *                      parallel, so this may exceed installMillis)
 * @param mirrorMillis  the mirror baseline's wall time
 */
public record InstallResult(int deps, long bytes, int nodes, long installMillis, long fetchMillis, long mirrorMillis) {
}
