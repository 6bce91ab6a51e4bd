package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint configured (or changed) in a home that has already read the chain is checked as a fresh
 * home checks it: the highest block seen vouches only for the checkpoint it was linked from, so a pin
 * with another checkpoint walks to that checkpoint before it trusts anything. A checkpoint that is not
 * on the chain is refused with the error a fresh home gives, the recorded state unchanged; a genuine
 * one is accepted after one full walk, and later pins are incremental again. A store file of before
 * (format version 1, linked from an unknown checkpoint) loads and walks to the checkpoint once.
 * (Until 2026-11-26 the block seen was the anchor whatever checkpoint it had been linked from, and a
 * bogus checkpoint below it was never looked at.) The oracles are anvil's own block hashes and the
 * header reads counted by a pass-through proxy.
 */
class ChangedCheckpointIT {
    @TempDir
    Path tmp;

    private static VerifiedChainReader reader(URI endpoint, HighestSeenStore store, Checkpoint cp, long walk) {
        return VerifiedChainReader.builder().endpoint(endpoint).chainId(31337).highestSeenStore(store)
                .checkpoint(cp).maxHeaderWalk(walk).callTimeout(Duration.ofSeconds(10)).build();
    }

    private static String hashAt(Anvil a, long block) throws Exception {
        return a.rpc("eth_getBlockByNumber", "0x" + Long.toHexString(block), false).get("hash").asText();
    }

    /** The message of the refusal of {@code cp} by a pin with {@code store}; asserts what it names. */
    private static String refusal(URI endpoint, HighestSeenStore store, Checkpoint cp, long walk) {
        String[] message = new String[1];
        try (VerifiedChainReader r = reader(endpoint, store, cp, walk)) {
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                assertThat(e.endpoint()).isEqualTo(endpoint);
                assertThat(e.blockNumber()).isEqualTo(cp.number());
                message[0] = e.getMessage();
            }).hasMessageContaining(endpoint.toString()).hasMessageContaining("not the trusted " + cp.hash())
                    .hasMessageContaining("checkpoint " + cp.number() + ":" + cp.hash() + " is not on this");
        }
        return message[0];
    }

    @Test
    void aCheckpointSetAfterTheChainWasReadIsWalkedToBogusRefusedGenuineAccepted() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                LyingRpcProxy counter = LyingRpcProxy.start(honest.uri())) {
            honest.mine(10);
            Checkpoint a = new Checkpoint(2, hashAt(honest, 2));
            HighestSeenStore store = FileHighestSeenStore.under(tmp.resolve("home"), 31337);
            try (VerifiedChainReader r = reader(counter.uri(), store, a, 1000)) {
                assertThat(r.pin().block().number()).isEqualTo(10);
            }
            SeenBlock seen = store.load().orElseThrow();
            assertThat(seen).isEqualTo(new SeenBlock(10, hashAt(honest, 10), a));

            // a block hash that is not on the chain, below the block seen; the head is the block seen,
            // then past it; walked down within the bound, then up from the checkpoint beyond it
            Checkpoint bogus = new Checkpoint(5, "0x" + "5b".repeat(32));
            for (int more : new int[] {0, 3}) {
                honest.mine(more);
                for (long walk : new long[] {1000, 4}) {
                    String synced = refusal(counter.uri(), store, bogus, walk);
                    assertThat(store.load()).contains(seen);
                    // the same error as a home that has not read the chain yet
                    assertThat(synced).isEqualTo(refusal(counter.uri(), HighestSeenStore.inMemory(), bogus, walk));
                }
            }
            assertThat(Files.readString(FileHighestSeenStore.under(tmp.resolve("home"), 31337).file()))
                    .endsWith(" 2:" + a.hash() + "\n");

            // a genuine checkpoint other than the one the block seen was linked from: walked to once
            long head = honest.blockNumber();
            Checkpoint c = new Checkpoint(6, hashAt(honest, 6));
            long before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, c, 1000)) {
                assertThat(r.pin().block().hash()).isEqualTo(hashAt(honest, head));
            }
            // the head, then every header from below it down to block 6 (not only to the block seen, 10)
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + (head - c.number()));
            assertThat(store.load()).contains(new SeenBlock(head, hashAt(honest, head), c));
            // then incremental again: only the new blocks
            honest.mine(3);
            before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, c, 1000)) {
                assertThat(r.pin().block().number()).isEqualTo(head + 3);
            }
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + 3);

            // the same head pinned with the first checkpoint again: walked to it, what it links from updated
            before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, a, 1000)) {
                assertThat(r.pin().block().number()).isEqualTo(head + 3);
            }
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + (head + 3 - a.number()));
            assertThat(store.load()).contains(new SeenBlock(head + 3, hashAt(honest, head + 3), a));
        }
    }

    @Test
    void anOldFormatStoreLoadsAndIsWalkedToTheCheckpointOnce() throws Exception {
        try (Anvil honest = Anvil.start(tmp.resolve("honest"));
                LyingRpcProxy counter = LyingRpcProxy.start(honest.uri())) {
            honest.mine(10);
            FileHighestSeenStore store = FileHighestSeenStore.under(tmp.resolve("home"), 31337);
            Files.createDirectories(store.file().getParent());
            // as a dpm before 2026-11-26 wrote it: block 8, no word of a checkpoint
            String old = "dpm-highest-seen 1 31337 8 " + hashAt(honest, 8) + "\n";
            Files.writeString(store.file(), old);
            assertThat(store.load()).contains(new SeenBlock(8, hashAt(honest, 8)));

            refusal(counter.uri(), store, new Checkpoint(5, "0x" + "5b".repeat(32)), 1000);
            assertThat(Files.readString(store.file())).isEqualTo(old);

            Checkpoint cp = new Checkpoint(2, hashAt(honest, 2));
            long before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, 1000)) {
                assertThat(r.pin().block().number()).isEqualTo(10);
            }
            // to the checkpoint, not only to block 8
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + (10 - 2));
            assertThat(store.load()).contains(new SeenBlock(10, hashAt(honest, 10), cp));
            assertThat(Files.readString(store.file())).startsWith("dpm-highest-seen 2 31337 10 ");

            honest.mine(3);
            before = counter.calls("eth_getBlockByNumber");
            try (VerifiedChainReader r = reader(counter.uri(), store, cp, 1000)) {
                assertThat(r.pin().block().number()).isEqualTo(13);
            }
            assertThat(counter.calls("eth_getBlockByNumber") - before).isEqualTo(1 + 3);
        }
    }
}
