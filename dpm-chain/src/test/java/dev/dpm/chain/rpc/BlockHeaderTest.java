package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.junit.jupiter.api.Test;

class BlockHeaderTest {
    private static final URI EP = URI.create("http://fixture.invalid");

    @Test
    void recomputesMainnetGenesisHash() throws Exception {
        // Ethereum mainnet block 0: 15 pre-London fields; its hash is the well-known genesis hash
        ObjectNode g = new ObjectMapper().createObjectNode();
        String zero32 = "0x" + "00".repeat(32);
        g.put("parentHash", zero32);
        g.put("sha3Uncles", "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347");
        g.put("miner", "0x" + "00".repeat(20));
        g.put("stateRoot", "0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544");
        g.put("transactionsRoot", "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
        g.put("receiptsRoot", "0x56e81f171bcc55a6ff8345e692c0f86e5b48e01b996cadc001622fb5e363b421");
        g.put("logsBloom", "0x" + "00".repeat(256));
        g.put("difficulty", "0x400000000");
        g.put("number", "0x0");
        g.put("gasLimit", "0x1388");
        g.put("gasUsed", "0x0");
        g.put("timestamp", "0x0");
        g.put("extraData", "0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa");
        g.put("mixHash", zero32);
        g.put("nonce", "0x0000000000000042");
        g.put("hash", "0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3");
        BlockHeader h = BlockHeader.parse(EP, "test", g);
        assertThat(h.computeHash()).isEqualTo(h.hash());
    }

    @Test
    void recomputesAnvilPragueBlockHashes() throws Exception {
        for (String name : new String[] {"block", "block1"}) {
            var json = Fixtures.anvilProofs().get(name);
            assertThat(json.has("requestsHash")).isTrue();
            BlockHeader h = BlockHeader.parse(EP, "test", json);
            assertThat(h.fields()).hasSize(21);
            assertThat(h.computeHash()).isEqualTo(json.get("hash").asText());
        }
    }

    @Test
    void anyChangedFieldChangesTheHash() throws Exception {
        ObjectNode json = (ObjectNode) Fixtures.anvilProofs().get("block").deepCopy();
        String stateRoot = json.get("stateRoot").asText();
        json.put("stateRoot", stateRoot.substring(0, 65) + (stateRoot.endsWith("0") ? "1" : "0"));
        BlockHeader h = BlockHeader.parse(EP, "test", json);
        assertThat(h.computeHash()).isNotEqualTo(h.hash());
    }

    @Test
    void malformedFieldsAreNamed() {
        ObjectNode json = (ObjectNode) Fixtures.anvilProofs().get("block").deepCopy();
        json.put("miner", "0x1234");
        assertThatThrownBy(() -> BlockHeader.parse(EP, "eth_getBlockByNumber", json))
                .isInstanceOf(RpcMalformedResponseException.class).hasMessageContaining("miner");
        json.remove("miner");
        assertThatThrownBy(() -> BlockHeader.parse(EP, "eth_getBlockByNumber", json))
                .hasMessageContaining("missing miner");
    }
}
