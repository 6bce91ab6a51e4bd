package dev.dpm.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RevertReasonTest {
    @Test
    void decodesErrorString() {
        // Error("foo@1.0 already published"), encoded by hand per the Solidity ABI spec.
        String data = "0x08c379a0"
                + "0000000000000000000000000000000000000000000000000000000000000020"
                + "0000000000000000000000000000000000000000000000000000000000000019"
                + "666f6f40312e3020616c7265616479207075626c697368656400000000000000";
        assertThat(RevertReason.decode(data, "?")).isEqualTo("foo@1.0 already published");
    }

    @Test
    void decodesPanicAndFallsBackOnAnythingElse() {
        String panic = "0x4e487b71" + "0000000000000000000000000000000000000000000000000000000000000011";
        assertThat(RevertReason.decode(panic, "?")).isEqualTo("panic 0x11 (arithmetic overflow)");
        assertThat(RevertReason.decode("0xdeadbeef", "fallback")).isEqualTo("fallback");
        assertThat(RevertReason.decode("0x08c379a0ff", "fallback")).isEqualTo("fallback");
        assertThat(RevertReason.decode(null, "fallback")).isEqualTo("fallback");
        assertThat(RevertReason.fromMessage("execution reverted: not a maintainer of foo"))
                .isEqualTo("not a maintainer of foo");
    }
}
