package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The node's egress throttle on a clock the test moves (no real sleeping). */
class ThrottleTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final List<Long> sleeps = new ArrayList<>();
    /** 1,000 bytes per second: one byte is 1 ms. */
    private final Throttle throttle = new Throttle(1_000, now::get, nanos -> {
        sleeps.add(nanos);
        now.addAndGet(nanos);
    });

    @Test
    void eachWriteWaitsForTheStartOfItsSlotAndTheRateHolds() throws Exception {
        throttle.acquire(100); // slot [0, 100 ms): starts now
        throttle.acquire(100); // slot [100, 200 ms): 100 ms from now
        throttle.acquire(50); // slot [200, 250 ms)
        assertThat(sleeps).containsExactly(100_000_000L, 100_000_000L);
        // 250 bytes reserved, 200 ms elapsed: the last slot's bytes leave at its start
        assertThat(now.get() - 1_000_000_000L).isEqualTo(200_000_000L);
        // over many writes the bytes sent never run ahead of the rate by more than one slot
        for (int i = 0; i < 100; i++) {
            throttle.acquire(10);
        }
        long elapsedMillis = (now.get() - 1_000_000_000L) / 1_000_000;
        assertThat(1_250 - 10).isLessThanOrEqualTo((int) elapsedMillis);
    }

    @Test
    void anIdleThrottleLetsABurstPassAtOnce() throws Exception {
        now.addAndGet(5_000_000_000L); // idle for 5 s
        throttle.acquire(60);
        throttle.acquire(40); // 100 ms worth of bytes: the burst allowance
        assertThat(sleeps).isEmpty();
        throttle.acquire(10); // the burst is spent: this slot starts now
        throttle.acquire(10); // and this one 10 ms later
        assertThat(sleeps).containsExactly(10_000_000L);
    }
}
