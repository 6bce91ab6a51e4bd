package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose trusted anchor (checkpoint, or highest block seen) is several times
 * {@code maxHeaderWalk} blocks behind the head catches up: the headers in between are walked up from
 * the anchor in batches, each linked as it is read, with progress reported, and the head pins; another
 * chain, a chain that breaks above the anchor, or a chain that changes under the walk are still refused
 * with the endpoint and block named, and nothing is recorded. The oracles are anvil's own block hashes
 * and the header reads counted by a pass-through proxy.
 */
class CatchUpIT {
    private static final long WALK = 20;

    @TempDir
    Path tmp;

    /** One call of the progress listener. */
    record Step(long from, long to, long linked) {
    }

    private static VerifiedChainReader reader(URI endpoint, HighestSeenStore store, Checkpoint cp, long walk,
            HeaderWalkListener listener) {
        return VerifiedChainReader.builder().endpoint(endpoint).chainId(31337).highestSeenStore(store)
                .checkpoint(cp).maxHeaderWalk(walk).headerWalkListener(listener)
                .callTimeout(Duration.ofSeconds(10)).build();
    }

    private static String hashAt(Anvil a, long block) throws Exception {
        return a.rpc("eth_getBlockByNumber", "0x" + Long.toHexString(block), false).get("hash").asText();
    }

    @Test
    void aClientIdleForSeveralWalkBoundsCatchesUpWithProgress() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                LyingRpcProxy counter = LyingRpcProxy.start(honest.uri())) {
            honest.mine(2);
            Checkpoint cp = new Checkpoint(2, hashAt(honest, 2));
            HighestSeenStore store = FileHighestSeenStore.under(tmp.resolve("home"), 31337);
            honest.mine(5);
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().number()).isEqualTo(7);
            }

            honest.mine((int) (5 * WALK + 7)); // idle for more than five walk bounds
            long head = honest.blockNumber();
            List<Step> steps = new CopyOnWriteArrayList<>();
            long before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK,
                    (from, to, linked) -> steps.add(new Step(from, to, linked)))) {
                VerifiedChainView v = r.pin();
                assertThat(v.block().number()).isEqualTo(head);
                assertThat(v.block().hash()).isEqualTo(hashAt(honest, head));
                // memory: no more than the bound of linked hashes kept
                assertThat(r.linkedHashCount()).isPositive().isLessThanOrEqualTo((int) WALK);
                // the head, then every header from block 8 up to the head, each read once
                assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + (head - 7));
                // the hashes kept are anvil's: a block below the head is known and agrees
                assertThat(v.blockAt(head - 1).hash()).isEqualTo(hashAt(honest, head - 1));
            }
            assertThat(steps).isNotEmpty().allSatisfy(s -> {
                assertThat(s.from()).isEqualTo(7);
                assertThat(s.to()).isEqualTo(head);
            });
            assertThat(steps.get(0).linked()).isZero();
            assertThat(steps.get(steps.size() - 1).linked()).isEqualTo(head - 7);
            assertThat(steps).extracting(Step::linked).isSorted();
            assertThat(store.load()).contains(new SeenBlock(head, hashAt(honest, head), cp));

            // caught up: the next command walks only the new blocks again
            honest.mine(3);
            before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().number()).isEqualTo(head + 3);
            }
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + 3);

            // a fresh home: from the checkpoint itself, many bounds behind
            try (VerifiedChainReader r = reader(counter.uri(), HighestSeenStore.inMemory(), cp, WALK,
                    HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().hash()).isEqualTo(hashAt(honest, head + 3));
            }
        }
    }

    @Test
    void anotherChainOrABrokenLinkFarAheadIsRefusedWithTheEndpointNamed() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                // another genesis time: the two chains differ from block 0 on
                Anvil other = Anvil.start(tmp.resolve("other"), "--timestamp", "1700000000");
                LyingRpcProxy splicer = LyingRpcProxy.start(honest.uri())) {
            honest.mine(2);
            Checkpoint cp = new Checkpoint(2, hashAt(honest, 2));
            HighestSeenStore store = HighestSeenStore.inMemory();
            honest.mine(5);
            try (VerifiedChainReader r = reader(honest.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().number()).isEqualTo(7);
            }
            SeenBlock seen = store.load().orElseThrow();

            // another chain, five bounds ahead: it goes through neither the seen block nor the checkpoint
            other.mine((int) (7 + 5 * WALK));
            try (VerifiedChainReader r = reader(other.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(other.uri());
                    assertThat(e.blockNumber()).isEqualTo(2);
                }).hasMessageContaining("not the trusted " + cp.hash());
            }
            assertThat(store.load()).contains(seen);

            // the honest chain, but headers 50..60 served from the other chain: the walk up breaks at 50
            honest.mine((int) (5 * WALK));
            splicer.spliceFrom(other.uri()).spliceRange(50, 60).mode(LyingRpcProxy.Mode.SPLICE_RANGE);
            try (VerifiedChainReader r = reader(splicer.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(splicer.uri());
                    assertThat(e.blockNumber()).isEqualTo(50);
                }).hasMessageContaining("does not link to block 49 (" + hashAt(honest, 49) + ")")
                        .hasMessageContaining("the endpoint lies");
            }
            assertThat(store.load()).contains(seen);

            // the same endpoint honest again: the chain seen catches up
            splicer.mode(LyingRpcProxy.Mode.HONEST);
            try (VerifiedChainReader r = reader(splicer.uri(), store, cp, WALK, HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().hash()).isEqualTo(hashAt(honest, honest.blockNumber()));
            }
        }
    }

    @Test
    void aChainChangedUnderTheWalkIsRefusedAndATryAgainResumesWhereTheWalkGot() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                LyingRpcProxy counter = LyingRpcProxy.start(honest.uri())) {
            honest.mine(2);
            Checkpoint cp = new Checkpoint(2, hashAt(honest, 2));
            HighestSeenStore store = HighestSeenStore.inMemory();
            honest.mine(5);
            try (VerifiedChainReader r = reader(honest.uri(), store, cp, 60, HeaderWalkListener.NONE)) {
                assertThat(r.pin().block().number()).isEqualTo(7);
            }
            SeenBlock seen = store.load().orElseThrow();
            honest.mine(10);
            String snapshot = honest.rpc("evm_snapshot").asText(); // at block 17
            honest.mine(300); // head 317: more than two batches of headers (128 each) above the seen block
            long head = honest.blockNumber();
            String pinnedHash = hashAt(honest, head);

            // when the walk starts, blocks 18.. are replaced (other timestamps), to the same height
            java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
            HeaderWalkListener reorganise = (from, to, linked) -> {
                if (once.compareAndSet(false, true)) {
                    try {
                        assertThat(honest.rpc("evm_revert", snapshot).asBoolean()).isTrue();
                        honest.rpc("anvil_mine", "0x" + Long.toHexString(head - 17), "0x7");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, 60, reorganise)) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(counter.uri());
                    assertThat(e.blockNumber()).isEqualTo(head);
                }).hasMessageContaining("not the pinned " + pinnedHash)
                        .hasMessageContaining("the chain changed under the walk");
                assertThat(store.load()).contains(seen);
                assertThat(honest.blockNumber()).isEqualTo(head);
                assertThat(hashAt(honest, head)).isNotEqualTo(pinnedHash);

                // the same reader again: it goes on from the last batch linked (block 7 + 2 * 128), not from 7,
                // by a walk down within the bound of 60
                long before = counter.calls("eth_getBlockByNumber");
                VerifiedChainView v = r.pin();
                assertThat(v.block().hash()).isEqualTo(hashAt(honest, head));
                assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + (head - (7 + 2 * 128)));
            }
        }
    }
}
