package dev.dpm.storage.internal;

import java.util.concurrent.TimeUnit;

/**
 * Caps a node's total egress at a byte rate (virtual scheduling: each write reserves its slot in
 * time and sleeps until then). Thread-safe; a burst of up to 100 ms worth of bytes passes at once.
 */
public final class Throttle {
    private final double nanosPerByte;
    private final long burstNanos = TimeUnit.MILLISECONDS.toNanos(100);
    private long next = System.nanoTime();

    public Throttle(long bytesPerSecond) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
    }

    /** Blocks until {@code bytes} more may be sent. */
    public void acquire(int bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            if (next < now - burstNanos) {
                next = now - burstNanos;
            }
            next += (long) (bytes * nanosPerByte);
            wait = next - now;
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
