package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link VerifiedChainView#logs} under a small response bound: a range whose answer is too large is split
 * until the parts fit (still cross-checked on two endpoints), and one block that alone exceeds the bound is
 * refused naming the block and the endpoint. The oracle is anvil's own unpaged {@code eth_getLogs}.
 */
class LogPageSplitIT {
    @TempDir
    Path tmp;

    @Test
    void aTooLargePageIsSplitAndASingleTooLargeBlockIsNamed() throws Exception {
        try (Anvil anvil = Anvil.start(tmp, "--timestamp", Long.toString(TestChain.GENESIS_TIME));
             LyingRpcProxy proxy = LyingRpcProxy.start(anvil.uri())) {
            TestChain.install(anvil, 5, 42, TestChain.GENESIS_TIME + 10);
            for (int i = 0; i < 24; i++) {
                TestChain.emit(anvil, 7);
            }
            JsonNode oneLog = logs(anvil, anvil.blockNumber(), anvil.blockNumber());
            anvil.rpc("evm_mine");
            int headerBytes = envelope(anvil.rpc("eth_getBlockByNumber", "latest", false));
            int bound = Math.max(headerBytes, envelope(oneLog)) + 300;
            JsonNode quiet = logs(anvil, 0, anvil.blockNumber());
            // preconditions of the test itself: the quiet range needs splitting (24 logs in 24 blocks)
            assertThat(quiet.size()).isEqualTo(24);
            assertThat(envelope(quiet)).isGreaterThan(2 * bound);

            try (VerifiedChainReader reader = VerifiedChainReader.builder()
                    .endpoints(List.of(anvil.uri(), proxy.uri())).chainId(31337).maxResponseBytes(bound).build()) {
                VerifiedChainView view = reader.pin();
                List<LogEntry> got = view.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(7)));
                assertThat(got).extracting(LogEntry::blockNumber).containsExactlyElementsOf(blockNumbers(quiet));
                assertThat(got).extracting(LogEntry::transactionHash)
                        .containsExactlyElementsOf(texts(quiet, "transactionHash"));
                assertThat(got).extracting(LogEntry::logIndex).containsOnly(0L);

                // one block with 8 logs: no split can help
                anvil.rpc("evm_setAutomine", false);
                for (int i = 0; i < 8; i++) {
                    TestChain.send(anvil, 7); // all eight in the next block
                }
                anvil.rpc("evm_mine");
                anvil.rpc("evm_setAutomine", true);
                long busy = anvil.blockNumber();
                anvil.rpc("evm_mine");
                assertThat(envelope(logs(anvil, busy, busy))).isGreaterThan(bound);
                VerifiedChainView later = reader.pin();
                assertThatThrownBy(() -> later.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(7))))
                        .isInstanceOf(RpcEndpointException.class)
                        .hasMessageContaining("single block " + busy)
                        .hasMessageContaining(anvil.uri().toString())
                        .hasMessageContaining(bound + "-byte");
                assertThat(later.logs(TestChain.CONTRACT, busy + 1, List.of(TestChain.word(7)))).isEmpty();
                assertThat(later.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(8)))).isEmpty();
            }
        }
    }

    private static JsonNode logs(Anvil anvil, long from, long to) throws Exception {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("address", TestChain.CONTRACT);
        filter.put("fromBlock", "0x" + Long.toHexString(from));
        filter.put("toBlock", "0x" + Long.toHexString(to));
        return anvil.rpc("eth_getLogs", filter);
    }

    private static int envelope(JsonNode result) {
        return result.toString().length() + 40;
    }

    private static List<Long> blockNumbers(JsonNode logs) {
        List<Long> out = new ArrayList<>();
        logs.forEach(l -> out.add(Long.decode(l.get("blockNumber").asText())));
        return out;
    }

    private static List<String> texts(JsonNode logs, String field) {
        List<String> out = new ArrayList<>();
        logs.forEach(l -> out.add(l.get(field).asText()));
        return out;
    }
}
