package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ManifestCidTest {
    @Test
    void rawCidOfHelloWorldMatchesTheIpfsSpelling() {
        // Oracle: `ipfs add --cid-version 1 --raw-leaves` of "hello world" (no newline), a widely published CID.
        byte[] cid = ManifestCid.of("hello world".getBytes(StandardCharsets.UTF_8));
        assertThat(ManifestCid.toText(cid)).isEqualTo("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e");
        assertThat(ManifestCid.matches(cid, "hello world".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(ManifestCid.matches(cid, "hello world\n".getBytes(StandardCharsets.UTF_8))).isFalse();
    }
}
