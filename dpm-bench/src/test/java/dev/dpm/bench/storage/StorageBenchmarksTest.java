package dev.dpm.bench.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The bound a verifying download can reach, from the figures of a run (this session's quiet run). */
class StorageBenchmarksTest {
    static StorageBenchmarks.Download download(double curl, double rawCpu, double sha256, int cores, double dpm) {
        return new StorageBenchmarks.Download(1L << 30, 3, curl, 0.957, 0.973, dpm, 2.6, 1.9, 2.1, rawCpu, sha256,
                cores, 1.53);
    }

    @Test
    void theFloorIsTheTransferCpuPlusTheHashSpreadOverTheCores() {
        StorageBenchmarks.Download d = download(0.376, 0.55, 0.549, 2, 0.772);
        assertThat(d.verifiedFloor()).isCloseTo(0.5495, within(1e-9));
        assertThat(d.attainableRatio()).isCloseTo(0.376 / 0.5495, within(1e-9));
        assertThat(d.ratioVsCurl()).isCloseTo(0.376 / 0.772, within(1e-9));
        assertThat(d.report()).contains("at most 0.68x of raw curl here", "dpm reaches 71% of that");
    }

    @Test
    void withCoresToSpareTheFloorIsTheRawTransferItself() {
        StorageBenchmarks.Download d = download(0.376, 0.55, 0.549, 4, 0.5);
        assertThat(d.verifiedFloor()).isEqualTo(0.376);
        assertThat(d.attainableRatio()).isEqualTo(1.0);
    }
}
