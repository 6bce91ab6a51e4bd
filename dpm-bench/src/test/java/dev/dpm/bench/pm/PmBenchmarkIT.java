package dev.dpm.bench.pm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The package manager benchmark at toy size: every step runs and the figures are consistent. */
class PmBenchmarkIT {
    @TempDir
    Path tmp;

    @Test
    void runsEveryStepAtToySize() throws Exception {
        PmBenchmark.Result r = PmBenchmark.run(Path.of(System.getProperty("dpm.repo.root")), tmp, 40, 3, 100_000, 3, 5, line -> { });

        assertThat(r.releases()).isEqualTo(40);
        assertThat(r.curlBytes()).isEqualTo(3 * 100_000L);
        // 4 payloads (3 deps and the app), 2 copies each on 3 nodes with their own blockstores: no node has all
        assertThat(r.payloadsPerNode()).hasSize(3).allSatisfy(n -> assertThat(n).isLessThan(4));
        assertThat(r.payloadsPerNode().stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(r.installMillis()).isGreaterThanOrEqualTo(r.fetchMillis());
        assertThat(r.toString()).contains("dpm update, fresh root").contains("baseline: curl");
    }
}
