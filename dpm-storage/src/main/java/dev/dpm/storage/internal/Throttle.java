package dev.dpm.storage.internal;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Caps a node's total egress at a byte rate (virtual scheduling: each write reserves the next slot in
 * time and waits for the slot's start, so the bytes of consecutive slots leave back to back at the
 * rate). Thread-safe; a burst of up to 100 ms worth of bytes passes at once.
 */
public final class Throttle {
    /** Waits a number of nanoseconds (a test records them instead). */
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    private final double nanosPerByte;
    private final long burstNanos = TimeUnit.MILLISECONDS.toNanos(100);
    private final LongSupplier clock;
    private final Sleeper sleeper;
    private long next;

    public Throttle(long bytesPerSecond) {
        this(bytesPerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    Throttle(long bytesPerSecond, LongSupplier clock, Sleeper sleeper) {
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.clock = clock;
        this.sleeper = sleeper;
        this.next = clock.getAsLong();
    }

    /** Blocks until {@code bytes} more may be sent: until the start of the slot they reserve. */
    public void acquire(int bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = clock.getAsLong();
            if (next < now - burstNanos) {
                next = now - burstNanos;
            }
            // Waiting for the slot's end instead would delay every slice by its own length (8 ms per
            // 16 KiB at 2 MiB/s) without sending a byte less per second.
            wait = next - now;
            next += (long) (bytes * nanosPerByte);
        }
        if (wait > 0) {
            sleeper.sleep(wait);
        }
    }
}
