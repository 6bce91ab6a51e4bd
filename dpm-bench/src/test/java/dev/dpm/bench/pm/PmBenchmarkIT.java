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
        assertThat(r.installMillis()).isGreaterThanOrEqualTo(r.fetchMillis());
        assertThat(r.toString()).contains("dpm update, fresh root").contains("baseline: curl");
    }
}
