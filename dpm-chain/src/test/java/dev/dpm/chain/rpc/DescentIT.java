package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast-forward ({@link VerifiedChainReader.Builder#requireDescent(boolean)}): after a chain has been
 * seen, another chain with the same id further ahead is refused by parent hashes (walked down from the
 * head within the walk bound, up from the seen block beyond it), also when the endpoint shows the seen
 * header at its height, and is not recorded; the chain seen still pins, also several bounds ahead. The
 * oracle is anvil's own block hashes.
 */
class DescentIT {
    @TempDir
    Path tmp;

    private static VerifiedChainReader reader(Anvil a, HighestSeenStore store, long walk) {
        return VerifiedChainReader.builder().endpoint(a.uri()).chainId(31337).highestSeenStore(store)
                .maxHeaderWalk(walk).requireDescent(true).build();
    }

    @Test
    void anotherChainAheadIsRefusedAndNotRecorded() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                // another genesis time: the two chains differ from block 0 on
                Anvil other = Anvil.start(tmp.resolve("other"), "--timestamp", "1700000000")) {
            honest.mine(5);
            other.mine(60);
            HighestSeenStore store = HighestSeenStore.inMemory();
            try (VerifiedChainReader r = reader(honest, store, 1000)) {
                r.pin();
            }
            SeenBlock seen = store.load().orElseThrow();
            assertThat(seen.hash()).isEqualTo(honest.rpc("eth_getBlockByNumber", "latest", false).get("hash").asText());

            for (long walk : new long[] {1000, 10}) { // walked down from the head; beyond the bound, up
                try (VerifiedChainReader r = reader(other, store, walk)) {
                    assertThatThrownBy(r::pin).isInstanceOfSatisfying(ForeignChainException.class, e -> {
                        assertThat(e.endpoint()).isEqualTo(other.uri());
                        assertThat(e.seen()).isEqualTo(seen);
                    }).hasMessageContaining("does not descend from block " + seen.number() + " " + seen.hash()
                            + " already seen");
                }
                assertThat(store.load()).contains(seen);
            }

            honest.mine(30); // the chain seen, three walk bounds of 10 ahead: walked up from the seen block
            for (long walk : new long[] {10, 1000}) {
                try (VerifiedChainReader r = reader(honest, store, walk)) {
                    assertThat(r.pin().block().number()).isEqualTo(honest.blockNumber());
                }
                honest.mine(1);
            }
        }
    }

    @Test
    void aChainShowingTheSeenHeaderButNotLinkingAboveItIsRefused() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                Anvil other = Anvil.start(tmp.resolve("other"), "--timestamp", "1700000000");
                LyingRpcProxy liar = LyingRpcProxy.start(other.uri())) {
            honest.mine(5);
            other.mine(60);
            HighestSeenStore store = HighestSeenStore.inMemory();
            try (VerifiedChainReader r = reader(honest, store, 1000)) {
                r.pin();
            }
            SeenBlock seen = store.load().orElseThrow();
            // the other chain, with the honest headers at and below the seen height
            liar.spliceFrom(honest.uri()).spliceRange(0, seen.number()).mode(LyingRpcProxy.Mode.SPLICE_RANGE);
            try (JsonRpcClient c = JsonRpcClient.builder(liar.uri()).build()) {
                assertThat(VerifiedChainReader.blockByNumber(c, seen.number()).hash()).isEqualTo(seen.hash());
            }
            String otherAtSeen = other.rpc("eth_getBlockByNumber", "0x" + Long.toHexString(seen.number()), false)
                    .get("hash").asText();

            // beyond the bound of 10: walked up from the seen block, whose child on this chain is not its child
            try (VerifiedChainReader r = VerifiedChainReader.builder().endpoint(liar.uri()).chainId(31337)
                    .highestSeenStore(store).maxHeaderWalk(10).requireDescent(true).build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(ForeignChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(liar.uri());
                    assertThat(e.seen()).isEqualTo(seen);
                }).hasMessageContaining("its block " + seen.number() + " is " + otherAtSeen);
            }
            // within the bound: walked down from the head, the spliced header does not link
            try (VerifiedChainReader r = VerifiedChainReader.builder().endpoint(liar.uri()).chainId(31337)
                    .highestSeenStore(store).maxHeaderWalk(1000).requireDescent(true).build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(liar.uri());
                    assertThat(e.blockNumber()).isEqualTo(seen.number() + 1);
                }).hasMessageContaining("does not link to block " + seen.number() + " (" + seen.hash() + ")");
            }
            assertThat(store.load()).contains(seen);
        }
    }
}
