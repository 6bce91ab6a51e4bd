package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast-forward ({@link VerifiedChainReader.Builder#requireDescent(boolean)}): after a chain has been
 * seen, another chain with the same id further ahead is refused, by parent hashes within the walk
 * bound and by the header at the seen height beyond it, and is not recorded; the chain seen still
 * pins, also far ahead past the bound. The oracle is anvil's own block hashes.
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

            for (long walk : new long[] {1000, 10}) { // walked by parent hashes; beyond the bound, compared
                try (VerifiedChainReader r = reader(other, store, walk)) {
                    assertThatThrownBy(r::pin).isInstanceOfSatisfying(ForeignChainException.class, e -> {
                        assertThat(e.endpoint()).isEqualTo(other.uri());
                        assertThat(e.seen()).isEqualTo(seen);
                    }).hasMessageContaining("does not descend from block " + seen.number() + " " + seen.hash()
                            + " already seen");
                }
                assertThat(store.load()).contains(seen);
            }

            honest.mine(30); // the chain seen, past the walk bound of 10: compared at the seen height
            for (long walk : new long[] {10, 1000}) {
                try (VerifiedChainReader r = reader(honest, store, walk)) {
                    assertThat(r.pin().block().number()).isEqualTo(honest.blockNumber());
                }
                honest.mine(1);
            }
        }
    }
}
