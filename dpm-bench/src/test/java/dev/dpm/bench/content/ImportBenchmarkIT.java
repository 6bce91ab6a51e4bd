package dev.dpm.bench.content;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.unixfs.ImportProfile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the import benchmark tiny (it starts openssl, hence an IT) to keep it working. */
class ImportBenchmarkIT {
    @TempDir
    Path tmp;

    @Test
    void measuresImportAgainstOpenssl() throws Exception {
        ImportBenchmark.Result r = ImportBenchmark.run(tmp, 5L << 20, 1, ImportProfile.KUBO_V1);
        assertThat(r.opensslNanos()).isPositive();
        assertThat(r.onlyHashNanos()).isPositive();
        assertThat(r.storeNanos()).isPositive();
        assertThat(r.storePerBlockNanos()).isPositive();
        assertThat(r.ddNanos()).isPositive();
        assertThat(r.opensslCpuNanos()).isPositive();
        assertThat(r.blocks()).isEqualTo(21); // 20 leaves of 256 KiB + the root
        assertThat(r.cid()).startsWith("bafybei");
    }
}
