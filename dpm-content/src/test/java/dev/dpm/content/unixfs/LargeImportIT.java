package dev.dpm.content.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.NodeOracle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file just over 1 GiB (1024 chunks of 1 MiB + 1 byte: the unixfs-v1-2025 tree's first
 * two-level shape) imports in a JVM limited to 256 MiB of heap, with the reference's CID.
 */
class LargeImportIT {
    @TempDir
    Path tmp;

    @Test
    void importsOverOneGibInBoundedMemoryWithReferenceCid() throws Exception {
        long n = (1L << 30) + 1;
        String java = ProcessHandle.current().info().command().orElse("java");
        NodeOracle.Result child = NodeOracle.run(tmp, List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                BoundedImportMain.class.getName(), tmp.resolve("blocks").toString(), Long.toString(n), "unixfs-v1-2025"));
        assertThat(child.exit()).as(child.output()).isZero();
        String[] out = child.output().trim().split(" ");
        assertThat(Long.parseLong(out[2])).isLessThanOrEqualTo(256L << 20);
        String[] ref = NodeOracle.importWithReference(tmp, "unixfs-v1-2025", false, List.of("gen:" + n)).get(0);
        assertThat(out[0]).isEqualTo(ref[1]);
        assertThat(out[1]).isEqualTo(ref[2]);
    }
}
