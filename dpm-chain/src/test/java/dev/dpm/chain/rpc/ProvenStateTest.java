package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ProvenState} against a fake endpoint serving proofs recorded from anvil, honest or tampered. */
class ProvenStateTest {
    private static final String CONTRACT = "0x00000000000000000000000000000000000d0d0d";
    private final JsonNode fx = Fixtures.anvilProofs();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    private FakeRpcServer serving(String fixture, UnaryOperator<JsonNode> tamper) throws Exception {
        return new FakeRpcServer((req, ex) -> {
            ObjectNode answer = FakeRpcServer.JSON.createObjectNode().put("jsonrpc", "2.0")
                    .put("id", req.get("id").asLong());
            answer.set("result", tamper.apply(fx.get(fixture).deepCopy()));
            FakeRpcServer.send(ex, 200, FakeRpcServer.JSON.writeValueAsBytes(answer));
        });
    }

    private ProvenState state(URI endpoint) throws Exception {
        JsonRpcClient client = JsonRpcClient.builder(endpoint).build();
        return new ProvenState(new Endpoints(List.of(client), executor),
                BlockHeader.parse(endpoint, "test", fx.get("block")));
    }

    private static List<BigInteger> slots() {
        return List.of(BigInteger.valueOf(5), BigInteger.valueOf(39), BigInteger.valueOf(1000));
    }

    @Test
    void returnsProvenWords() throws Exception {
        try (FakeRpcServer s = serving("contractProof", UnaryOperator.identity())) {
            List<byte[]> words = state(s.uri()).storageAt(CONTRACT, slots());
            assertThat(words).extracting(w -> new BigInteger(1, w))
                    .containsExactly(BigInteger.valueOf(36), BigInteger.valueOf(274), BigInteger.ZERO);
        }
    }

    @Test
    void wrongValueIsCaughtNamingEndpointAndSlot() throws Exception {
        try (FakeRpcServer s = serving("contractProof", r -> {
            ((ObjectNode) r.get("storageProof").get(1)).put("value", "0x113");
            return r;
        })) {
            assertThatThrownBy(() -> state(s.uri()).storageAt(CONTRACT, slots()))
                    .isInstanceOfSatisfying(ProofException.class, e -> {
                        assertThat(e.endpoint()).isEqualTo(s.uri());
                        assertThat(e.slot()).isEqualTo(SolidityStorage.word(BigInteger.valueOf(39)));
                        assertThat(e.blockNumber()).isEqualTo(2);
                    }).hasMessageContaining("claims value 0x113 but the proof gives 0x112");
        }
    }

    @Test
    void claimingAnUnsetSlotHasAValueIsCaught() throws Exception {
        try (FakeRpcServer s = serving("contractProof", r -> {
            ((ObjectNode) r.get("storageProof").get(2)).put("value", "0x1");
            return r;
        })) {
            assertThatThrownBy(() -> state(s.uri()).storageAt(CONTRACT, slots())).isInstanceOf(ProofException.class)
                    .hasMessageContaining("proof gives 0x0");
        }
    }

    @Test
    void wrongStorageHashIsCaught() throws Exception {
        try (FakeRpcServer s = serving("contractProof", r -> {
            ((ObjectNode) r).put("storageHash", "0x" + "11".repeat(32));
            return r;
        })) {
            assertThatThrownBy(() -> state(s.uri()).storageAt(CONTRACT, slots()))
                    .isInstanceOfSatisfying(ProofException.class, e -> assertThat(e.slot()).isNull())
                    .hasMessageContaining("storageHash");
        }
    }

    @Test
    void proofForTheWrongKeyIsCaught() throws Exception {
        try (FakeRpcServer s = serving("contractProof", r -> {
            ((ObjectNode) r.get("storageProof").get(0)).put("key", "0x6");
            return r;
        })) {
            assertThatThrownBy(() -> state(s.uri()).storageAt(CONTRACT, slots())).isInstanceOf(ProofException.class)
                    .hasMessageContaining("is for key 0x6");
        }
    }

    @Test
    void absentAccountIsProvenEmpty() throws Exception {
        String absent = "0x00000000000000000000000000000000deadbeef";
        try (FakeRpcServer s = serving("absentAccountProof", UnaryOperator.identity())) {
            assertThat(state(s.uri()).storageAt(absent, BigInteger.ONE)).isEqualTo(new byte[32]);
        }
        try (FakeRpcServer s = serving("absentAccountProof", r -> ((ObjectNode) r).set("storageProof",
                FakeRpcServer.JSON.createArrayNode()))) {
            ProvenAccount acc = state(s.uri()).account(absent);
            assertThat(acc.exists()).isFalse();
            assertThat(acc.balance()).isZero();
        }
    }

    @Test
    void externallyOwnedAccountBalanceIsProven() throws Exception {
        try (FakeRpcServer s = serving("eoaProof", UnaryOperator.identity())) {
            ProvenAccount acc = state(s.uri()).account(Anvil.DEV_ACCOUNT_2);
            assertThat(acc.exists()).isTrue();
            assertThat(acc.balance()).isEqualTo(new BigInteger(fx.get("eoaProof").get("balance").asText().substring(2), 16));
        }
        try (FakeRpcServer s = serving("eoaProof", r -> ((ObjectNode) r).put("balance", "0x1"))) {
            assertThatThrownBy(() -> state(s.uri()).account(Anvil.DEV_ACCOUNT_2)).isInstanceOf(ProofException.class)
                    .hasMessageContaining("claimed balance 0x1");
        }
    }
}
