package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With a checkpoint, the highest block seen (recorded only after a pin passed its checks) is the
 * anchor of the next pin's header walk: each pin, by a new reader as each dpm command is, walks only
 * the blocks since the previous pin, not all since the checkpoint (which a fresh home walks, past
 * {@code maxHeaderWalk} blocks too); another chain is still refused against the checkpoint, within and
 * beyond the walk bound, and not recorded.
 * The oracles are anvil's own block hashes and the header reads counted by a pass-through proxy.
 */
class IncrementalCheckpointIT {
    private static final long WALK = 10;

    @TempDir
    Path tmp;

    private static VerifiedChainReader reader(java.net.URI endpoint, HighestSeenStore store, Checkpoint cp,
            long walk) {
        return VerifiedChainReader.builder().endpoint(endpoint).chainId(31337).highestSeenStore(store)
                .checkpoint(cp).maxHeaderWalk(walk).callTimeout(Duration.ofSeconds(10)).build();
    }

    private static String hashAt(Anvil a, String block) throws Exception {
        return a.rpc("eth_getBlockByNumber", block, false).get("hash").asText();
    }

    @Test
    void laterPinsWalkOnlyTheNewBlocksAndAnotherChainIsStillRefused() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                // another genesis time: the two chains differ from block 0 on
                Anvil other = Anvil.start(tmp.resolve("other"), "--timestamp", "1700000000");
                LyingRpcProxy counter = LyingRpcProxy.start(honest.uri())) {
            honest.mine(2);
            Checkpoint cp = new Checkpoint(2, hashAt(honest, "0x2")); // like the registry's deploy block
            HighestSeenStore store = FileHighestSeenStore.under(tmp.resolve("home"), 31337);

            honest.mine(5);
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK)) {
                assertThat(r.pin().block().number()).isEqualTo(7); // first pin: walked to the checkpoint
            }
            for (int step = 0; step < 3; step++) { // 8 blocks per step, 24 in all: past the walk bound
                honest.mine(8);
                long before = counter.calls("eth_getBlockByNumber");
                try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK)) {
                    VerifiedChainView v = r.pin();
                    assertThat(v.block().number()).isEqualTo(honest.blockNumber());
                    assertThat(v.block().hash()).isEqualTo(hashAt(honest, "latest"));
                }
                // the head, and the 8 headers from below it down to the block seen: not back to block 2
                assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + 8);
            }
            long head = honest.blockNumber();
            assertThat(head - cp.number()).isGreaterThan(WALK);
            SeenBlock seen = store.load().orElseThrow();
            assertThat(seen).isEqualTo(new SeenBlock(head, hashAt(honest, "latest"), cp));

            // baseline: nothing seen yet, so the walk goes to the checkpoint, past the bound: every
            // header from block 3 up to the head is read (see CatchUpIT)
            long fresh = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), HighestSeenStore.inMemory(), cp, WALK)) {
                assertThat(r.pin().block().hash()).isEqualTo(hashAt(honest, "latest"));
            }
            assertThat(counter.calls("eth_getBlockByNumber") - fresh).isEqualTo(1 + (head - cp.number()));
            // nothing new: the head is the block seen, no walk at all
            long before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK)) {
                assertThat(r.pin().block().number()).isEqualTo(head);
            }
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1);

            // another chain ahead of the block seen: it does not reach that block, and is judged
            // against the checkpoint as before (walked down within the bound, up from block 2 beyond)
            other.mine((int) head + 10);
            for (long walk : new long[] {1000, WALK}) {
                try (VerifiedChainReader r = reader(other.uri(), store, cp, walk)) {
                    assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                        assertThat(e.endpoint()).isEqualTo(other.uri());
                        assertThat(e.blockNumber()).isEqualTo(2);
                    }).hasMessageContaining("not the trusted " + cp.hash());
                }
                assertThat(store.load()).contains(seen);
            }

            // the chain seen still pins, incrementally
            honest.mine(3);
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK)) {
                assertThat(r.pin().block().number()).isEqualTo(head + 3);
            }
        }
    }
}
