package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IdleEvictionTest {
    static final long MS = 1_000_000;

    @Test
    void belowTheLimitNothingIsEvicted() {
        IdleEviction<String> e = new IdleEviction<>(4, 20 * MS);
        for (String c : List.of("a", "b", "c")) {
            e.opened(c, 0);
        }
        assertThat(e.evict(1000 * MS)).isEmpty();
        assertThat(e.stillFull()).isFalse();
    }

    @Test
    void atTheLimitTheLongestIdleGoFirstUntilAnEighthIsFree() {
        IdleEviction<Integer> e = new IdleEviction<>(16, 20 * MS);
        for (int i = 0; i < 16; i++) {
            e.opened(i, i * MS);
        }
        // 0..3 answer requests late, so 4 and 5 have been idle longest
        for (int i = 0; i < 4; i++) {
            e.busy(i);
            e.idle(i, 500 * MS);
        }
        assertThat(e.evict(1000 * MS)).containsExactly(4, 5);
        assertThat(e.stillFull()).isFalse();
        // chosen once: until they close, they do not count and are not chosen again
        assertThat(e.evict(1000 * MS)).isEmpty();
        e.closed(4);
        e.closed(5);
        assertThat(e.open()).isEqualTo(14);
    }

    @Test
    void connectionsHandlingARequestOrJustAnsweredAreSpared() {
        IdleEviction<String> e = new IdleEviction<>(2, 20 * MS);
        e.opened("busy", 0);
        e.opened("fresh", 0);
        e.busy("busy");
        e.busy("fresh");
        e.idle("fresh", 100 * MS);
        assertThat(e.evict(110 * MS)).isEmpty();
        assertThat(e.stillFull()).isTrue(); // the caller looks again later
        assertThat(e.evict(120 * MS)).containsExactly("fresh");
        // a request pipelined twice is busy until both are answered
        e.busy("busy");
        e.idle("busy", 130 * MS);
        assertThat(e.evict(1000 * MS)).isEmpty();
        e.idle("busy", 140 * MS);
        assertThat(e.evict(1000 * MS)).isEmpty(); // "fresh" not closed yet: one slot is already being freed
    }
}
