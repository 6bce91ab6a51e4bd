package dev.dpm.bench.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage benchmarks, tiny: they run end to end (nginx, curl, nodes) and measure sensible figures. */
class StorageBenchmarksIT {
    @TempDir
    Path tmp;

    @Test
    void downloadAgainstNginxAndCurl() throws Exception {
        StorageBenchmarks.Download d = StorageBenchmarks.download(tmp.resolve("d"), 8L << 20, 1);
        System.out.println(d.report());
        assertThat(d.curlDevNull()).isPositive();
        assertThat(d.dpmVerified()).isPositive();
        assertThat(d.ratioVsCurl()).isPositive();
        assertThat(d.sha256OneCore()).isPositive();
        // Linux reports the CPU time of curl and nginx (NaN: not reported); 8 MiB may round to 0 ticks
        assertThat(d.rawTransferCpu()).isNotNaN().isGreaterThanOrEqualTo(0.0);
        assertThat(d.dpmCpu()).isPositive();
        assertThat(d.verifiedFloor()).isGreaterThanOrEqualTo(d.curlDevNull());
        assertThat(d.attainableRatio()).isPositive().isLessThanOrEqualTo(1.0);
    }

    @Test
    void fourCappedNodesAreMuchFasterThanOne() throws Exception {
        StorageBenchmarks.MultiNode m = StorageBenchmarks.multiNode(tmp.resolve("m"), 8L << 20, 4L << 20);
        System.out.println(m.report());
        // One node needs about 2 s at 4 MiB/s; four share the file. Loose bound: the machine is shared.
        assertThat(m.oneNode()).isGreaterThan(1.5);
        assertThat(m.speedup()).isGreaterThan(2.0);
    }

    @Test
    void concurrentClientsAgainstNginx() throws Exception {
        StorageBenchmarks.Concurrent c = StorageBenchmarks.concurrentClients(tmp.resolve("c"), 10, Duration.ofSeconds(1));
        System.out.println(c.report());
        assertThat(c.nginxRps()).isPositive();
        assertThat(c.dpmRps()).isPositive();
    }
}
