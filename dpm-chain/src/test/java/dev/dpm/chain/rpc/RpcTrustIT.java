package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.ChainException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPC trust layer against real anvil nodes and {@link LyingRpcProxy}: every refusal names the
 * endpoint at fault. Two anvils ({@code a}, {@code b}) build the same chain; {@code c} a different one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcTrustIT {
    static final long SLOT = 3;
    static final long VALUE = 0x1234;

    @TempDir
    static Path tmp;

    Anvil a;
    Anvil b;
    Anvil c;

    @BeforeAll
    void startChains() throws Exception {
        String genesis = Long.toString(TestChain.GENESIS_TIME);
        a = Anvil.start(tmp, "--timestamp", genesis);
        b = Anvil.start(tmp, "--timestamp", genesis);
        c = Anvil.start(tmp, "--timestamp", genesis);
        for (Anvil x : List.of(a, b)) {
            TestChain.install(x, SLOT, VALUE, TestChain.GENESIS_TIME + 10);
        }
        TestChain.install(c, SLOT, VALUE + 1, TestChain.GENESIS_TIME + 10);
    }

    @AfterAll
    void stopChains() {
        for (Anvil x : new Anvil[] {a, b, c}) {
            if (x != null) {
                x.close();
            }
        }
    }

    private static VerifiedChainReader.Builder reader(java.net.URI... endpoints) {
        return VerifiedChainReader.builder().endpoints(List.of(endpoints)).chainId(31337)
                .callTimeout(Duration.ofSeconds(5));
    }

    private static byte[] slotCall(long slot) {
        return BlockHeader.unhex(TestChain.word(slot));
    }

    @Test
    void identicalEndpointsAgreeAndCrossCheck() throws Exception {
        try (VerifiedChainReader r = reader(a.uri(), b.uri()).build()) {
            assertThat(r.crossChecked()).isTrue();
            VerifiedChainView v = r.pin();
            assertThat(new BigInteger(1, v.call(TestChain.CONTRACT, slotCall(SLOT)))).isEqualTo(VALUE);
        }
    }

    @Test
    void endpointWithDifferentStateIsNamed() throws Exception {
        try (VerifiedChainReader r = reader(a.uri(), b.uri(), c.uri()).build()) {
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(EndpointDisagreementException.class, e -> {
                assertThat(e.endpoints()).containsExactly(c.uri());
                assertThat(e.read()).isEqualTo("block hash");
            }).hasMessageContaining(c.uri().toString());
        }
        try (VerifiedChainReader r = reader(a.uri(), c.uri()).build()) {
            // two endpoints, no majority: both are suspects and both are named
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(EndpointDisagreementException.class,
                    e -> assertThat(e.endpoints()).containsExactly(a.uri(), c.uri()));
        }
    }

    @Test
    void rewrittenCallIsCaughtByCrossCheckNamingTheProxy() throws Exception {
        try (LyingRpcProxy liar = LyingRpcProxy.start(b.uri()).mode(LyingRpcProxy.Mode.REWRITE)) {
            try (VerifiedChainReader r = reader(a.uri(), b.uri(), liar.uri()).build()) {
                VerifiedChainView v = r.pin();
                assertThatThrownBy(() -> v.call(TestChain.CONTRACT, slotCall(SLOT)))
                        .isInstanceOfSatisfying(EndpointDisagreementException.class, e -> {
                            assertThat(e.endpoints()).containsExactly(liar.uri());
                            assertThat(e.read()).startsWith("eth_call to " + TestChain.CONTRACT);
                            assertThat(e.blockNumber()).isEqualTo(v.block().number());
                        });
            }
            try (VerifiedChainReader r = reader(a.uri(), liar.uri()).build()) {
                VerifiedChainView v = r.pin();
                assertThatThrownBy(() -> v.call(TestChain.CONTRACT, slotCall(SLOT)))
                        .isInstanceOfSatisfying(EndpointDisagreementException.class,
                                e -> assertThat(e.endpoints()).contains(liar.uri()));
            }
        }
    }

    @Test
    void singleLyingEndpointIsCaughtByStorageProof() throws Exception {
        String oracle = a.rpc("eth_getStorageAt", TestChain.CONTRACT, TestChain.word(SLOT), "latest").asText();
        try (LyingRpcProxy proxy = LyingRpcProxy.start(a.uri());
             VerifiedChainReader r = reader(proxy.uri()).build()) {
            assertThat(r.crossChecked()).isFalse();
            assertThat(r.posture().warnings()).anyMatch(w -> w.contains("only one RPC endpoint"));
            VerifiedChainView honest = r.pin();
            byte[] word = honest.provenState().storageAt(TestChain.CONTRACT, BigInteger.valueOf(SLOT));
            assertThat(BlockHeader.hex(word)).isEqualTo(oracle);
            ProvenAccount acc = honest.provenState().account(TestChain.CONTRACT);
            assertThat(acc.exists()).isTrue();
            assertThat(acc.storageRoot()).isEqualTo(
                    a.rpc("eth_getProof", TestChain.CONTRACT, List.of(), "latest").get("storageHash").asText());

            proxy.mode(LyingRpcProxy.Mode.REWRITE);
            VerifiedChainView v = r.pin();
            // alone, the lie in eth_call goes unnoticed: that is what the proof is for
            assertThat(new BigInteger(1, v.call(TestChain.CONTRACT, slotCall(SLOT)))).isEqualTo(VALUE ^ 1);
            assertThatThrownBy(() -> v.provenState().storageAt(TestChain.CONTRACT, BigInteger.valueOf(SLOT)))
                    .isInstanceOfSatisfying(ProofException.class, e -> {
                        assertThat(e.endpoint()).isEqualTo(proxy.uri());
                        assertThat(e.slot()).isEqualTo(TestChain.word(SLOT));
                    }).hasMessageContaining(proxy.uri().toString());
        }
    }

    @Test
    void forgedHeaderIsRefused() throws Exception {
        try (LyingRpcProxy liar = LyingRpcProxy.start(a.uri()).mode(LyingRpcProxy.Mode.FORGE_HEADER);
             VerifiedChainReader r = reader(liar.uri()).build()) {
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class,
                    e -> assertThat(e.endpoint()).isEqualTo(liar.uri()))
                    .hasMessageContaining("not the hash of its header fields");
        }
    }

    @Test
    void staleHeadIsRefusedNamingEndpointAndAge() throws Exception {
        // a's head carries a 2023 timestamp
        try (VerifiedChainReader r = reader(a.uri()).freshnessSeconds(60).build()) {
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(StaleChainException.class, e -> {
                assertThat(e.endpoint()).isEqualTo(a.uri());
                assertThat(e.age()).isGreaterThan(Duration.ofDays(300));
                assertThat(e.window()).isEqualTo(Duration.ofSeconds(60));
            });
        }
        try (VerifiedChainReader r = reader(a.uri()).freshnessSeconds(0).build()) {
            assertThat(r.pin().block().timestamp()).isEqualTo(TestChain.GENESIS_TIME + 10);
            assertThat(r.posture().warnings()).anyMatch(w -> w.contains("no freshness window"));
        }
    }

    @Test
    void frozenHeadBehindAProxyIsRefused() throws Exception {
        try (Anvil d = Anvil.start(tmp);
             LyingRpcProxy frozen = LyingRpcProxy.start(d.uri()).mode(LyingRpcProxy.Mode.FREEZE_HEAD)) {
            long t0 = Long.decode(d.rpc("eth_getBlockByNumber", "latest", false).get("timestamp").asText());
            try (VerifiedChainReader r = reader(frozen.uri()).build()) {
                r.pin(); // the proxy freezes here
            }
            d.rpc("evm_mine", t0 + 100);
            Clock clock = Clock.fixed(Instant.ofEpochSecond(t0 + 110), ZoneOffset.UTC);
            try (VerifiedChainReader r = reader(d.uri(), frozen.uri()).freshnessSeconds(60).clock(clock).build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(StaleChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(frozen.uri());
                    assertThat(e.age()).isEqualTo(Duration.ofSeconds(110));
                });
            }
            try (VerifiedChainReader r = reader(d.uri()).freshnessSeconds(60).clock(clock).build()) {
                assertThat(r.pin().block().timestamp()).isEqualTo(t0 + 100);
            }
        }
    }

    @Test
    void replayedOldBlockIsRefusedEvenAfterRestart() throws Exception {
        Path seen = tmp.resolve("replay-highest-seen");
        try (Anvil d = Anvil.start(tmp); LyingRpcProxy proxy = LyingRpcProxy.start(d.uri())) {
            d.mine(5);
            try (VerifiedChainReader r = reader(proxy.uri())
                    .highestSeenStore(new FileHighestSeenStore(seen, 31337)).build()) {
                assertThat(r.pin().block().number()).isEqualTo(5);
                proxy.mode(LyingRpcProxy.Mode.REPLAY_OLD_BLOCK).replayBlock(2);
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(RollbackException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(proxy.uri());
                    assertThat(e.headNumber()).isEqualTo(2);
                    assertThat(e.highestSeen()).isEqualTo(5);
                });
            }
            // a new process remembers block 5 through the file
            try (VerifiedChainReader r = reader(proxy.uri())
                    .highestSeenStore(new FileHighestSeenStore(seen, 31337)).build()) {
                assertThatThrownBy(r::pin).isInstanceOf(RollbackException.class);
                proxy.mode(LyingRpcProxy.Mode.HONEST);
                assertThat(r.pin().block().number()).isEqualTo(5);
            }
        }
    }

    @Test
    void mixedBlockAnswersAreCaught() throws Exception {
        try (Anvil d = Anvil.start(tmp); LyingRpcProxy mixer = LyingRpcProxy.start(d.uri())) {
            TestChain.install(d, SLOT, 1, System.currentTimeMillis() / 1000);
            long old = d.blockNumber();
            TestChain.store(d, SLOT, 2);
            mixer.mode(LyingRpcProxy.Mode.MIX_BLOCKS).replayBlock(old);
            try (VerifiedChainReader r = reader(mixer.uri()).build()) {
                VerifiedChainView v = r.pin();
                assertThat(new BigInteger(1, v.call(TestChain.CONTRACT, slotCall(SLOT)))).isEqualTo(1);
                assertThatThrownBy(() -> v.provenState().storageAt(TestChain.CONTRACT, BigInteger.valueOf(SLOT)))
                        .isInstanceOfSatisfying(ProofException.class, e -> {
                            assertThat(e.endpoint()).isEqualTo(mixer.uri());
                            assertThat(e.slot()).isNull(); // the account proof is from another state root
                        });
            }
            try (VerifiedChainReader r = reader(d.uri(), mixer.uri()).build()) {
                VerifiedChainView v = r.pin();
                assertThatThrownBy(() -> v.call(TestChain.CONTRACT, slotCall(SLOT)))
                        .isInstanceOfSatisfying(EndpointDisagreementException.class,
                                e -> assertThat(e.endpoints()).contains(mixer.uri()));
            }
        }
    }

    @Test
    void oversizedAnswerIsCutAtTheBound() throws Exception {
        try (LyingRpcProxy liar = LyingRpcProxy.start(a.uri()).mode(LyingRpcProxy.Mode.OVERSIZE);
             VerifiedChainReader r = reader(liar.uri()).maxResponseBytes(1 << 20).build()) {
            long t = System.nanoTime();
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(RpcResponseTooLargeException.class, e -> {
                assertThat(e.endpoint()).isEqualTo(liar.uri());
                assertThat(e.limitBytes()).isEqualTo(1 << 20);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void malformedAnswerIsNamed() throws Exception {
        try (LyingRpcProxy liar = LyingRpcProxy.start(a.uri()).mode(LyingRpcProxy.Mode.MALFORMED);
             VerifiedChainReader r = reader(liar.uri()).build()) {
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(RpcMalformedResponseException.class,
                    e -> assertThat(e.endpoint()).isEqualTo(liar.uri()))
                    .hasMessageContaining("not JSON");
        }
    }

    @Test
    void slowAnswerTimesOutWithinTheDeadline() throws Exception {
        try (LyingRpcProxy liar = LyingRpcProxy.start(a.uri()).mode(LyingRpcProxy.Mode.SLOW)
                .delay(Duration.ofSeconds(20));
             VerifiedChainReader r = reader(liar.uri()).callTimeout(Duration.ofMillis(800)).build()) {
            long t = System.nanoTime();
            assertThatThrownBy(r::pin).isInstanceOfSatisfying(RpcTimeoutException.class, e -> {
                assertThat(e.endpoint()).isEqualTo(liar.uri());
                assertThat(e.method()).startsWith("batch[eth_chainId");
            });
            Duration took = Duration.ofNanos(System.nanoTime() - t);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(800)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void headerChainLinksToCheckpoint() throws Exception {
        try (Anvil d = Anvil.start(tmp)) {
            String genesisHash = d.rpc("eth_getBlockByNumber", "0x0", false).get("hash").asText();
            d.mine(300);
            try (VerifiedChainReader r = reader(d.uri()).checkpoint(new Checkpoint(0, genesisHash)).build()) {
                assertThat(r.pin().block().number()).isEqualTo(300);
                d.mine(3);
                assertThat(r.pin().block().number()).isEqualTo(303); // walks from 300 only
            }
            String other = a.rpc("eth_getBlockByNumber", "0x0", false).get("hash").asText();
            try (VerifiedChainReader r = reader(d.uri()).checkpoint(new Checkpoint(0, other)).build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(d.uri());
                    assertThat(e.blockNumber()).isEqualTo(0);
                });
            }
            // a checkpoint more than the walk bound below the head: walked up from it
            String at100 = d.rpc("eth_getBlockByNumber", "0x64", false).get("hash").asText();
            try (VerifiedChainReader r = reader(d.uri()).checkpoint(new Checkpoint(100, at100)).maxHeaderWalk(50)
                    .build()) {
                assertThat(r.pin().block().number()).isEqualTo(303);
            }
            String at99 = d.rpc("eth_getBlockByNumber", "0x63", false).get("hash").asText();
            try (VerifiedChainReader r = reader(d.uri()).checkpoint(new Checkpoint(100, at99)).maxHeaderWalk(50)
                    .build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(d.uri());
                    assertThat(e.blockNumber()).isEqualTo(100);
                }).hasMessageContaining("header chain reaches " + at100 + ", not the trusted " + at99);
            }
        }
    }

    @Test
    void hiddenLogIsCaughtByCrossCheck() throws Exception {
        try (Anvil d = Anvil.start(tmp); LyingRpcProxy liar = LyingRpcProxy.start(d.uri())) {
            TestChain.install(d, SLOT, 1, System.currentTimeMillis() / 1000);
            TestChain.emit(d, 7);
            TestChain.emit(d, 8);
            try (VerifiedChainReader r = reader(d.uri(), liar.uri()).logPageBlocks(2).build()) {
                VerifiedChainView v = r.pin();
                List<LogEntry> logs = v.logs(TestChain.CONTRACT, 0, null);
                assertThat(logs).extracting(l -> l.topics().get(0))
                        .containsExactly(TestChain.word(7), TestChain.word(8));
                liar.mode(LyingRpcProxy.Mode.REWRITE);
                assertThatThrownBy(() -> v.logs(TestChain.CONTRACT, 0, null))
                        .isInstanceOfSatisfying(EndpointDisagreementException.class, e -> {
                            assertThat(e.endpoints()).contains(liar.uri());
                            assertThat(e.read()).startsWith("eth_getLogs");
                        });
            }
        }
    }

    @Test
    void rangedLogReadIsCrossCheckedAndRefusesBlocksBeyondThePin() throws Exception {
        try (Anvil d = Anvil.start(tmp); LyingRpcProxy liar = LyingRpcProxy.start(d.uri())) {
            TestChain.install(d, SLOT, 1, System.currentTimeMillis() / 1000);
            TestChain.emit(d, 7);
            TestChain.emit(d, 8);
            try (VerifiedChainReader r = reader(d.uri(), liar.uri()).logPageBlocks(1).build()) {
                VerifiedChainView v = r.pin();
                long pin = v.block().number();
                List<LogEntry> all = v.logs(TestChain.CONTRACT, 0, null);
                assertThat(all).hasSize(2);
                long first = all.get(0).blockNumber();
                assertThat(all.get(1).blockNumber()).isGreaterThan(first);
                assertThat(v.logWindowBlocks()).isEqualTo(1);
                assertThat(v.logs(TestChain.CONTRACT, 0, pin, null)).isEqualTo(all);
                assertThat(v.logs(TestChain.CONTRACT, 0, first, null)).extracting(l -> l.topics().get(0))
                        .containsExactly(TestChain.word(7));
                assertThat(v.logs(TestChain.CONTRACT, first + 1, pin, null)).extracting(l -> l.topics().get(0))
                        .containsExactly(TestChain.word(8));
                assertThatThrownBy(() -> v.logs(TestChain.CONTRACT, 0, pin + 1, null))
                        .isInstanceOf(ChainException.class)
                        .hasMessageContaining("block " + (pin + 1)).hasMessageContaining("pinned to block " + pin);
                liar.mode(LyingRpcProxy.Mode.REWRITE);
                assertThatThrownBy(() -> v.logs(TestChain.CONTRACT, 0, first, null))
                        .isInstanceOfSatisfying(EndpointDisagreementException.class,
                                e -> assertThat(e.endpoints()).contains(liar.uri()));
            }
        }
    }

    @Test
    void laggingEndpointIsNotAnErrorThePinIsTheLowestHead() throws Exception {
        String genesis = Long.toString(TestChain.GENESIS_TIME);
        try (Anvil d1 = Anvil.start(tmp, "--timestamp", genesis); Anvil d2 = Anvil.start(tmp, "--timestamp", genesis)) {
            for (int i = 1; i <= 3; i++) {
                d1.rpc("evm_mine", TestChain.GENESIS_TIME + i);
                if (i < 3) {
                    d2.rpc("evm_mine", TestChain.GENESIS_TIME + i);
                }
            }
            try (VerifiedChainReader r = reader(d1.uri(), d2.uri()).build()) {
                VerifiedChainView v = r.pin();
                assertThat(v.block().number()).isEqualTo(2);
                assertThat(v.block().hash()).isEqualTo(d1.rpc("eth_getBlockByNumber", "0x2", false).get("hash").asText());
            }
        }
    }

    @Test
    void hiddenLogIsCaughtByReceiptsRootsEvenWithOneEndpoint() throws Exception {
        try (Anvil d = Anvil.start(tmp); LyingRpcProxy liar = LyingRpcProxy.start(d.uri())) {
            TestChain.install(d, SLOT, 1, System.currentTimeMillis() / 1000);
            TestChain.emit(d, 7);
            d.mine(2);
            TestChain.emit(d, 8);
            d.mine(2);
            try (VerifiedChainReader r = reader(liar.uri()).proveLogs(true).build()) {
                VerifiedChainView v = r.pin();
                List<LogEntry> proven = v.logs(TestChain.CONTRACT, 0, null);
                assertThat(proven).extracting(l -> l.topics().get(0))
                        .containsExactly(TestChain.word(7), TestChain.word(8));
                try (VerifiedChainReader plain = reader(d.uri()).build()) {
                    assertThat(proven).isEqualTo(plain.pin().logs(TestChain.CONTRACT, 0, null));
                }
                liar.mode(LyingRpcProxy.Mode.REWRITE);
                assertThatThrownBy(() -> v.logs(TestChain.CONTRACT, 0, List.of(TestChain.word(8))))
                        .isInstanceOfSatisfying(HeaderChainException.class,
                                e -> assertThat(e.endpoint()).isEqualTo(liar.uri()))
                        .hasMessageContaining("receiptsRoot");
            }
        }
    }

    @Test
    void provenLogsOverARangeFarLongerThanTheWalkBoundAreReadWithProgress() throws Exception {
        // A fresh client syncs from the registry's deploy block, however long ago: with proven logs the
        // scan walks every header down to it, keeping only the candidates (it was refused past the bound)
        try (Anvil d = Anvil.start(tmp)) {
            TestChain.install(d, SLOT, 1, System.currentTimeMillis() / 1000);
            TestChain.emit(d, 7);
            d.mine(150);
            TestChain.emit(d, 8);
            d.mine(150);
            List<long[]> progress = new java.util.ArrayList<>();
            try (VerifiedChainReader r = reader(d.uri()).proveLogs(true).maxHeaderWalk(20)
                    .headerWalkListener((from, to, linked) -> progress.add(new long[] {from, to, linked})).build()) {
                VerifiedChainView v = r.pin();
                progress.clear(); // the pin's own walk (none without a checkpoint) is not what is looked at
                List<LogEntry> proven = v.logs(TestChain.CONTRACT, 0, null);
                assertThat(proven).extracting(l -> l.topics().get(0))
                        .containsExactly(TestChain.word(7), TestChain.word(8));
                long head = v.block().number();
                assertThat(head).isGreaterThan(300);
                assertThat(progress).isNotEmpty();
                assertThat(progress.get(0)).containsExactly(0, head, 0);
                assertThat(progress.get(progress.size() - 1)).containsExactly(0, head, head);
                for (int i = 1; i < progress.size(); i++) {
                    assertThat(progress.get(i)[2]).isGreaterThan(progress.get(i - 1)[2]);
                }
            }
        }
    }

    @Test
    void splicedHistoryDoesNotLinkToTheCheckpoint() throws Exception {
        String genesis = Long.toString(TestChain.GENESIS_TIME);
        try (Anvil d = Anvil.start(tmp, "--timestamp", genesis); Anvil other = Anvil.start(tmp);
             LyingRpcProxy splicer = LyingRpcProxy.start(d.uri())) {
            String genesisHash = d.rpc("eth_getBlockByNumber", "0x0", false).get("hash").asText();
            d.mine(200);
            other.mine(200);
            splicer.mode(LyingRpcProxy.Mode.SPLICE).spliceFrom(other.uri());
            try (VerifiedChainReader r = reader(splicer.uri()).checkpoint(new Checkpoint(0, genesisHash)).build()) {
                assertThatThrownBy(r::pin).isInstanceOfSatisfying(HeaderChainException.class, e -> {
                    assertThat(e.endpoint()).isEqualTo(splicer.uri());
                    assertThat(e.blockNumber()).isEqualTo(200);
                }).hasMessageContaining("does not link");
            }
            try (VerifiedChainReader r = reader(splicer.uri()).proveLogs(true).build()) {
                VerifiedChainView v = r.pin(); // no checkpoint: the head alone is fine
                assertThatThrownBy(() -> v.logs(TestChain.CONTRACT, 0, null))
                        .isInstanceOf(HeaderChainException.class).hasMessageContaining("does not link");
            }
        }
    }
}
