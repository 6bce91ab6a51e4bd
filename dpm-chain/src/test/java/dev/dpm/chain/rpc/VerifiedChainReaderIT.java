package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VerifiedChainReaderIT {
    @TempDir
    Path tmp;

    @Test
    void singleEndpointPinsHeadAndReadsCallsAndLogs() throws Exception {
        try (Anvil anvil = Anvil.start(tmp, "--timestamp", Long.toString(TestChain.GENESIS_TIME))) {
            TestChain.install(anvil, 5, 42, TestChain.GENESIS_TIME + 10);
            TestChain.emit(anvil, 5);
            try (VerifiedChainReader reader = VerifiedChainReader.builder()
                    .endpoint(anvil.uri()).chainId(31337).build()) {
                assertThat(reader.chainId()).isEqualTo(31337);
                assertThat(reader.crossChecked()).isFalse();
                VerifiedChainView view = reader.pin();
                assertThat(view.block().number()).isEqualTo(anvil.blockNumber());
                assertThat(view.block().hash()).isEqualTo(
                        anvil.rpc("eth_getBlockByNumber", "latest", false).get("hash").asText());
                byte[] out = view.call(TestChain.CONTRACT, BlockHeader.unhex(TestChain.word(5)));
                assertThat(new BigInteger(1, out)).isEqualTo(BigInteger.valueOf(42));
                List<LogEntry> logs = view.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(5)));
                assertThat(logs).hasSize(1);
                assertThat(logs.get(0).blockNumber()).isEqualTo(view.block().number());
                assertThat(logs.get(0).blockHash()).isEqualTo(view.block().hash());
                assertThat(view.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(6)))).isEmpty();
            }
        }
    }

    @Test
    void refusesWrongChainId() throws Exception {
        try (Anvil anvil = Anvil.start(tmp, "--chain-id", "7");
             VerifiedChainReader reader = VerifiedChainReader.builder()
                     .endpoint(anvil.uri()).chainId(31337).build()) {
            assertThatThrownBy(reader::pin).isInstanceOf(ChainIdMismatchException.class)
                    .hasMessageContaining(anvil.uri().toString()).hasMessageContaining("7");
        }
    }
}
