package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TrustPostureTest {
    private static final Checkpoint CP = new Checkpoint(0, "0x" + "ab".repeat(32));

    @Test
    void singleEndpointWithoutAnythingWarnsOfEachGap() {
        TrustPosture p = new TrustPosture(1, Duration.ZERO, null, false, false);
        assertThat(p.crossChecked()).isFalse();
        assertThat(p.warnings()).hasSize(4)
                .anyMatch(w -> w.startsWith("only one RPC endpoint"))
                .anyMatch(w -> w.contains("hide one"))
                .anyMatch(w -> w.startsWith("no freshness window"))
                .anyMatch(w -> w.startsWith("no trusted checkpoint"));
    }

    @Test
    void twoEndpointsFreshnessAndSealedCheckpointLeaveNothingToSay() {
        assertThat(new TrustPosture(2, Duration.ofMinutes(5), CP, true, false).warnings()).isEmpty();
    }

    @Test
    void checkpointWithoutSealsIsCalledOut() {
        assertThat(new TrustPosture(2, Duration.ofMinutes(5), CP, false, false).warnings())
                .singleElement().asString().contains("forge headers");
    }

    @Test
    void readerReportsItsConfiguration() {
        try (VerifiedChainReader r = VerifiedChainReader.builder().endpoint(URI.create("http://a.invalid"))
                .chainId(1).freshnessSeconds(60).proveLogs(true).build()) {
            TrustPosture p = r.posture();
            assertThat(p.endpointCount()).isEqualTo(1);
            assertThat(p.freshness()).isEqualTo(Duration.ofSeconds(60));
            assertThat(p.logsProven()).isTrue();
            assertThat(r.crossChecked()).isFalse();
        }
    }
}
