package dev.dpm.storage;

import java.time.Duration;

/**
 * What a {@link StorageNode} allows, so one client cannot exhaust it.
 *
 * @param maxConnections        open connections accepted at once; further ones wait in the backlog
 * @param requestsPerSecond     sustained requests per second per client address; 0 = unlimited
 * @param burst                 requests a client may make at once before the rate applies
 * @param idleTimeout           a connection idle (no bytes either way) this long is closed
 * @param maxBlockSize          largest block served or accepted, bytes (IPFS peers use 2 MiB)
 * @param maxBytesPerSecond     total egress of the node, bytes per second; 0 = unlimited
 * @param maxThreads            request-handling threads
 */
public record NodeLimits(int maxConnections, double requestsPerSecond, int burst, Duration idleTimeout,
                         int maxBlockSize, long maxBytesPerSecond, int maxThreads) {

    public NodeLimits {
        if (maxConnections < 1 || burst < 1 || maxBlockSize < 1 || maxThreads < 8) {
            throw new IllegalArgumentException("node limits out of range: maxConnections=" + maxConnections
                    + ", burst=" + burst + ", maxBlockSize=" + maxBlockSize + ", maxThreads=" + maxThreads);
        }
        if (requestsPerSecond < 0 || maxBytesPerSecond < 0 || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("node limits must not be negative");
        }
    }

    /** 1,024 connections, 1,000 requests/s per client (burst 2,000), 30 s idle, 2 MiB blocks, no egress cap. */
    public static NodeLimits defaults() {
        return new NodeLimits(1024, 1000, 2000, Duration.ofSeconds(30), 2 * 1024 * 1024, 0, 200);
    }

    public NodeLimits withMaxConnections(int n) {
        return new NodeLimits(n, requestsPerSecond, burst, idleTimeout, maxBlockSize, maxBytesPerSecond, maxThreads);
    }

    public NodeLimits withRequestRate(double perSecond, int burst) {
        return new NodeLimits(maxConnections, perSecond, burst, idleTimeout, maxBlockSize, maxBytesPerSecond, maxThreads);
    }

    public NodeLimits withIdleTimeout(Duration d) {
        return new NodeLimits(maxConnections, requestsPerSecond, burst, d, maxBlockSize, maxBytesPerSecond, maxThreads);
    }

    public NodeLimits withMaxBytesPerSecond(long bytesPerSecond) {
        return new NodeLimits(maxConnections, requestsPerSecond, burst, idleTimeout, maxBlockSize, bytesPerSecond, maxThreads);
    }

    public NodeLimits withMaxThreads(int n) {
        return new NodeLimits(maxConnections, requestsPerSecond, burst, idleTimeout, maxBlockSize, maxBytesPerSecond, n);
    }
}
