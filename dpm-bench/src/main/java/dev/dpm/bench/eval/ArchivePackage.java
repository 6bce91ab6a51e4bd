package dev.dpm.bench.eval;

import dev.dpm.content.Cid;

/**
 * One package of the loopback archive.
 *
 * @param name      the Debian package it stands for
 * @param realSize  its .deb size in Debian, bytes
 * @param size      the scaled size used here, bytes
 * @param sha256    hex SHA-256 of the bytes (what a Packages index lists and apt checks)
 * @param root      the root CID of the same bytes imported as UnixFS
 * @param dagBytes  total bytes of the DAG's blocks (what a dpm node stores for it)
 * @param path      URL path on the mirror
 */
public record ArchivePackage(String name, long realSize, long size, String sha256, Cid root, long dagBytes,
                             String path) {
}
