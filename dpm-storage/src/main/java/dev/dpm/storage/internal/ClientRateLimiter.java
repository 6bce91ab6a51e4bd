package dev.dpm.storage.internal;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client token buckets: each client address may make {@code burst} requests at once and
 * {@code perSecond} on average. Thread-safe; idle buckets are dropped when the table grows, so a
 * flood of addresses cannot fill memory.
 */
public final class ClientRateLimiter {
    private static final int MAX_CLIENTS = 100_000;

    private final double perNano;
    private final double burst;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    public ClientRateLimiter(double perSecond, int burst) {
        this.perNano = perSecond / 1e9;
        this.burst = burst;
    }

    /** Takes one token for {@code client}: 0 if allowed, else the nanoseconds until one is available. */
    public long acquire(String client, long nowNanos) {
        if (buckets.size() > MAX_CLIENTS) {
            buckets.values().removeIf(b -> b.fullAt(nowNanos, perNano, burst));
        }
        Bucket b = buckets.computeIfAbsent(client, k -> new Bucket(burst, nowNanos));
        synchronized (b) {
            b.tokens = Math.min(burst, b.tokens + (nowNanos - b.last) * perNano);
            b.last = nowNanos;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            return (long) Math.ceil((1 - b.tokens) / perNano);
        }
    }

    private static final class Bucket {
        double tokens;
        long last;

        Bucket(double tokens, long last) {
            this.tokens = tokens;
            this.last = last;
        }

        synchronized boolean fullAt(long now, double perNano, double burst) {
            return tokens + (now - last) * perNano >= burst;
        }
    }
}
