package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
    static final long SECOND = 1_000_000_000L;

    @Test
    void allowsTheBurstThenTheRatePerClient() {
        ClientRateLimiter l = new ClientRateLimiter(2, 3);
        long t = 0;
        assertThat(l.acquire("a", t)).isZero();
        assertThat(l.acquire("a", t)).isZero();
        assertThat(l.acquire("a", t)).isZero();
        long wait = l.acquire("a", t);
        assertThat(wait).isBetween(SECOND / 2 - 1000, SECOND / 2 + 1000);
        assertThat(l.acquire("b", t)).as("another client has its own bucket").isZero();
        assertThat(l.acquire("a", t + SECOND / 2)).isZero();
        assertThat(l.acquire("a", t + SECOND / 2)).isPositive();
    }
}
