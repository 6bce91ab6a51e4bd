package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link VerifiedChainView#blockAt(long)}: a past block's header, verified like every read of a view. */
class BlockAtIT {
    @TempDir
    Path tmp;

    @Test
    void pastBlockIsReadCrossCheckedAndAForgedHeaderIsRefused() throws Exception {
        try (Anvil anvil = Anvil.start(tmp);
             LyingRpcProxy proxy = LyingRpcProxy.start(anvil.uri())) {
            // blocks with distinct, known timestamps (the oracle is anvil's own answer)
            for (int i = 0; i < 3; i++) {
                anvil.rpc("evm_increaseTime", 100);
                anvil.rpc("evm_mine");
            }
            try (VerifiedChainReader reader = VerifiedChainReader.builder()
                    .endpoints(List.of(anvil.uri(), proxy.uri())).chainId(31337).build()) {
                VerifiedChainView view = reader.pin();
                JsonNode raw = anvil.rpc("eth_getBlockByNumber", "0x2", false);
                BlockRef b = view.blockAt(2);
                assertThat(b.number()).isEqualTo(2);
                assertThat(b.hash()).isEqualTo(raw.get("hash").asText());
                assertThat(b.timestamp()).isEqualTo(Long.decode(raw.get("timestamp").asText()));
                assertThat(view.blockAt(1).timestamp()).isLessThanOrEqualTo(b.timestamp() - 100);
                assertThat(view.blockAt(view.block().number())).isEqualTo(view.block());
                assertThatThrownBy(() -> view.blockAt(view.block().number() + 1))
                        .hasMessageContaining("not at or below the pinned block");

                proxy.mode(LyingRpcProxy.Mode.FORGE_HEADER);
                assertThatThrownBy(() -> view.blockAt(2)).isInstanceOf(HeaderChainException.class)
                        .hasMessageContaining(proxy.uri().toString());
            }
        }
    }

    @Test
    void viewsThatCannotFetchBlocksSaySo() {
        ChainView bare = new ChainView() {
            @Override
            public BlockRef block() {
                return new BlockRef(1, "0x", 0, "0x");
            }

            @Override
            public byte[] call(String to, byte[] data) {
                return new byte[0];
            }

            @Override
            public List<LogEntry> logs(String address, long fromBlock, List<String> topic0s) {
                return List.of();
            }
        };
        assertThatThrownBy(() -> bare.blockAt(1)).hasMessageContaining("cannot fetch block 1");
    }
}
