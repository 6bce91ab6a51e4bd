package dev.dpm.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoadResultTest {
    @Test
    void percentilesAreNearestRank() {
        double[] lat = new double[100];
        for (int i = 0; i < 100; i++) {
            lat[i] = i + 1; // 1..100 ms
        }
        LoadResult r = new LoadResult("dpm", 4, 8, 2, 100, 0, 10L << 20, 2.0, lat);
        assertThat(r.p50()).isEqualTo(50);
        assertThat(r.p95()).isEqualTo(95);
        assertThat(r.p99()).isEqualTo(99);
        assertThat(r.max()).isEqualTo(100);
        assertThat(r.mibPerSecond()).isEqualTo(5.0);
    }

    @Test
    void emptyRunHasNoPercentiles() {
        LoadResult r = new LoadResult("mirror", 1, 1, 0, 0, 3, 0, 1.0, new double[0]);
        assertThat(r.p50()).isNaN();
        assertThat(r.max()).isNaN();
    }
}
