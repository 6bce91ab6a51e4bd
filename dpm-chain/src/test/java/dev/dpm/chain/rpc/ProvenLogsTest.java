package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Receipts-root checks against a block recorded from anvil (20 receipts, legacy and EIP-1559): the
 * rebuilt trie root must equal the header's, and any hidden or changed log must break it.
 */
class ProvenLogsTest {
    private static final String CONTRACT = "0x00000000000000000000000000000000000d0d0d";

    private static JsonNode fixture() throws Exception {
        try (InputStream in = ProvenLogsTest.class.getResourceAsStream("/rpc/anvil-receipts.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static FakeRpcServer serving(JsonNode fx, UnaryOperator<JsonNode> tamperReceipts) throws Exception {
        return new FakeRpcServer((req, ex) -> {
            ObjectNode answer = FakeRpcServer.JSON.createObjectNode().put("jsonrpc", "2.0")
                    .put("id", req.get("id").asLong());
            answer.set("result", tamperReceipts.apply(fx.get("receipts").deepCopy()));
            FakeRpcServer.send(ex, 200, FakeRpcServer.JSON.writeValueAsBytes(answer));
        });
    }

    private static List<LogEntry> scan(URI u, JsonNode fx, Set<String> topics) throws Exception {
        try (JsonRpcClient c = JsonRpcClient.builder(u).build()) {
            BlockHeader pinned = BlockHeader.parse(u, "test", fx.get("block"));
            // fromBlock = the pinned block: no header walk, only its receipts
            return ProvenLogs.scan(c, pinned, pinned.number(), CONTRACT, topics, HeaderWalkListener.NONE);
        }
    }

    @Test
    void rebuildsTheReceiptsRootAndReturnsTheLogs() throws Exception {
        JsonNode fx = fixture();
        try (FakeRpcServer s = serving(fx, UnaryOperator.identity())) {
            List<LogEntry> logs = scan(s.uri(), fx, Set.of());
            assertThat(logs).hasSize(19); // 20 transactions, one a plain transfer
            assertThat(logs).extracting(LogEntry::logIndex).containsExactlyElementsOf(
                    java.util.stream.LongStream.range(0, 19).boxed().toList());
            assertThat(logs.get(0).blockHash()).isEqualTo(fx.get("block").get("hash").asText());
            List<LogEntry> one = scan(s.uri(), fx, Set.of(TestChain.word(3)));
            assertThat(one).hasSize(1);
            assertThat(one.get(0).topics().get(0)).isEqualTo(TestChain.word(3));
        }
    }

    @Test
    void hiddenLogBreaksTheReceiptsRoot() throws Exception {
        JsonNode fx = fixture();
        try (FakeRpcServer s = serving(fx, r -> {
            ((ArrayNode) r.get(4).get("logs")).remove(0);
            return r;
        })) {
            assertThatThrownBy(() -> scan(s.uri(), fx, Set.of())).isInstanceOfSatisfying(HeaderChainException.class,
                    e -> assertThat(e.endpoint()).isEqualTo(s.uri())).hasMessageContaining("receiptsRoot");
        }
    }

    @Test
    void changedLogDataBreaksTheReceiptsRoot() throws Exception {
        JsonNode fx = fixture();
        try (FakeRpcServer s = serving(fx, r -> {
            ((ObjectNode) r.get(10).get("logs").get(0)).put("data", "0x01");
            return r;
        })) {
            assertThatThrownBy(() -> scan(s.uri(), fx, Set.of())).isInstanceOf(HeaderChainException.class);
        }
    }

    @Test
    void droppedReceiptBreaksTheReceiptsRoot() throws Exception {
        JsonNode fx = fixture();
        try (FakeRpcServer s = serving(fx, r -> {
            ((ArrayNode) r).remove(r.size() - 1);
            return r;
        })) {
            assertThatThrownBy(() -> scan(s.uri(), fx, Set.of())).isInstanceOf(HeaderChainException.class);
        }
    }

    @Test
    void bloomSaysNoForOtherAddressesAndYesForTheContract() throws Exception {
        JsonNode fx = fixture();
        BlockHeader h = BlockHeader.parse(URI.create("http://x.invalid"), "test", fx.get("block"));
        assertThat(ProvenLogs.mayContain(h.logsBloom(), BlockHeader.unhex(CONTRACT), Set.of())).isTrue();
        assertThat(ProvenLogs.mayContain(h.logsBloom(), BlockHeader.unhex(CONTRACT), Set.of(TestChain.word(5))))
                .isTrue();
        assertThat(ProvenLogs.mayContain(h.logsBloom(), BlockHeader.unhex("0x" + "12".repeat(20)), Set.of()))
                .isFalse();
        BlockHeader empty = BlockHeader.parse(URI.create("http://x.invalid"), "test", fx.get("emptyBlock"));
        assertThat(ProvenLogs.mayContain(empty.logsBloom(), BlockHeader.unhex(CONTRACT), Set.of())).isFalse();
    }

    @Test
    void emptyTrieRootIsTheWellKnownOne() {
        assertThat(TrieRoot.root(List.of(), List.of())).isEqualTo(MerklePatriciaProof.EMPTY_ROOT);
    }
}
