package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.chain.rpc.Anvil;
import dev.dpm.chain.rpc.LyingRpcProxy;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.attack.AttackNet.Result;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.content.Cid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malicious and stale JSON-RPC endpoints in front of the devnet's anvil, end to end through
 * {@code dpm update} / {@code dpm install} / {@code dpm maintainer list}: each lie is refused with one
 * line that names the endpoint at fault, and the local index and root stay as they were. The attackers
 * are dpm-chain's {@link LyingRpcProxy} (rewrite, replay, freeze, mix blocks), {@link TamperingRpcProxy}
 * (a forged release in the event data) and a second chain run ahead (fast-forward).
 */
class RpcAttacksIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Wide enough for the devnet (a block a second), short enough for the freeze test. */
    private static final long FRESH = 60;

    @TempDir
    static Path tmp;
    static AttackNet net;

    @BeforeAll
    static void world() throws Exception {
        net = AttackNet.start(tmp);
    }

    @AfterAll
    static void down() {
        if (net != null) {
            net.close();
        }
    }

    private static DpmConfig config(List<String> rpc, long freshness, String checkpoint, Boolean proveLogs) {
        return new DpmConfig(net.publisherConfig.chainId(), net.registry(), rpc, freshness, List.of(net.honestPeer()),
                null, null, null, null, false, checkpoint, null, proveLogs);
    }

    private static Path client(String name, List<String> rpc, long freshness, String checkpoint, Boolean proveLogs)
            throws Exception {
        return net.client(name, config(rpc, freshness, checkpoint, proveLogs));
    }

    /** The hello-dpm manifest as published, and a copy whose alternative dependency names a rootkit. */
    private static byte[][] forgedManifest() throws Exception {
        byte[] original = net.publisherRepo.blockstore().get(Cid.parse(net.manifests.get(AttackNet.HELLO))).orElseThrow();
        String text = new String(original, StandardCharsets.UTF_8);
        assertThat(text).contains("figlet-fonts");
        byte[] forged = text.replace("figlet-fonts", "evil-rootkit").getBytes(StandardCharsets.UTF_8);
        return new byte[][] {original, forged};
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    private static void assertIndexEmpty(Path home) {
        Result info = AttackNet.dpm(home, "info", AttackNet.HELLO);
        assertThat(info.code()).as(info.toString()).isEqualTo(10);
        assertThat(AttackNet.dpm(home, "list").out()).doesNotContain(AttackNet.HELLO);
    }

    /**
     * Design table "lying RPC" (fake CID) and TUF "wrong software installation": one endpoint serves a
     * forged hello-dpm release whose manifest (with an extraneous dependency) and CID agree with each
     * other. Two honest endpoints outvote it and it alone is named.
     */
    @Test
    void aForgedReleaseIsCaughtByTheCrossCheckAndTheLiarNamed() throws Exception {
        byte[][] m = forgedManifest();
        try (LyingRpcProxy honest = LyingRpcProxy.start(URI.create(net.rpc()));
                TamperingRpcProxy liar = TamperingRpcProxy.start(URI.create(net.rpc()))) {
            liar.replace(m[0], m[1]).replace(sha256(m[0]), sha256(m[1]));
            Path home = client("forged-crosscheck", List.of(net.rpc(), honest.uri().toString(), liar.url()), FRESH,
                    null, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(liar.tampered()).isPositive();
            assertThat(r.err()).startsWith("dpm: cannot read the registry events")
                    .contains("RPC endpoints disagree on eth_getLogs").contains("[" + liar.url() + "] differ");
            assertThat(r.err().lines().count()).isEqualTo(1);
            assertIndexEmpty(home);
            assertThat(AttackNet.dpm(home, "install", AttackNet.HELLO, "-y").code()).isEqualTo(10);
        }
    }

    /**
     * Beyond the paper: the same forged release from the only endpoint, which also rewrites the receipts
     * it is asked to prove. With {@code proveLogs} the receipts no longer rebuild the block's receipts root.
     */
    @Test
    void aForgedReleaseFromTheOnlyEndpointIsCaughtByLogProofs() throws Exception {
        byte[][] m = forgedManifest();
        try (TamperingRpcProxy liar = TamperingRpcProxy.start(URI.create(net.rpc()))) {
            liar.replace(m[0], m[1]).replace(sha256(m[0]), sha256(m[1]));
            Path home = client("forged-proofs", List.of(liar.url()), FRESH, null, true);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(liar.tampered()).isPositive();
            assertThat(r.err()).startsWith("dpm: cannot read the registry events").contains("RPC endpoint " + liar.url());
            assertIndexEmpty(home);
        }
    }

    /**
     * Design table "extraneous dependencies": the event's manifest is altered to pull in another
     * package, its CID left alone. The manifest no longer hashes to the CID (the contract checks
     * {@code sha256(manifest)} on publish, so such an event can only come from a lying endpoint): the
     * update is refused naming the release, block and transaction, and nothing enters the index.
     */
    @Test
    void anAlteredManifestIsRejectedByItsCid() throws Exception {
        byte[][] m = forgedManifest();
        try (TamperingRpcProxy liar = TamperingRpcProxy.start(URI.create(net.rpc()))) {
            liar.replace(m[0], m[1]);
            Path home = client("altered-manifest", List.of(liar.url()), FRESH, null, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(liar.tampered()).isPositive();
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).matches("dpm: cannot read the registry events from block 0 to \\d+: the manifest of "
                    + "hello-dpm@1\\.2\\.0-1 in its ReleasePublished event does not match its CID "
                    + net.manifests.get(AttackNet.HELLO) + " \\(block \\d+, tx 0x[0-9a-f]{64}, log \\d+\\); served by RPC "
                    + "endpoint " + java.util.regex.Pattern.quote(liar.url()) + ", which altered it \\(the contract "
                    + "emits no such event\\)\\R");
            assertIndexEmpty(home);
            Result install = AttackNet.dpm(home, "install", AttackNet.HELLO, "-y");
            assertThat(install.code()).as(install.toString()).isEqualTo(10);
            assertThat(RootState.of(home).files()).isEmpty();
        }
    }

    /**
     * The same altered manifest: since the contract never emits a manifest that does not hash to its
     * CID, the error names the endpoint that served it, so that the user knows whom to drop; beside an
     * honest endpoint the cross-check names the liar instead.
     */
    @Test
    void anAlteredManifestNamesTheEndpointThatServedIt() throws Exception {
        byte[][] m = forgedManifest();
        try (TamperingRpcProxy liar = TamperingRpcProxy.start(URI.create(net.rpc()))) {
            liar.replace(m[0], m[1]);
            Path home = client("altered-manifest-named", List.of(liar.url()), FRESH, null, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).contains("served by RPC endpoint " + liar.url() + ", which altered it");

            AttackNet.reconfigure(home, config(List.of(net.rpc(), liar.url()), FRESH, null, null));
            Result both = AttackNet.dpm(home, "update");
            assertThat(both.code()).as(both.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(both.err()).contains("RPC endpoints disagree on eth_getLogs").contains(liar.url());
            assertIndexEmpty(home);
        }
    }

    /**
     * TUF "malicious mirrors preventing updates" by omission: an endpoint drops the last event of every
     * answer (it could hide a yank or a new release). Outvoted and named.
     */
    @Test
    void aHiddenEventIsCaughtByTheCrossCheck() throws Exception {
        try (LyingRpcProxy honest = LyingRpcProxy.start(URI.create(net.rpc()));
                LyingRpcProxy liar = LyingRpcProxy.start(URI.create(net.rpc())).mode(LyingRpcProxy.Mode.REWRITE)) {
            Path home = client("hidden-event", List.of(net.rpc(), honest.uri().toString(), liar.uri().toString()), FRESH,
                    null, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).contains("RPC endpoints disagree on eth_getLogs").contains("[" + liar.uri() + "] differ");
            assertIndexEmpty(home);
        }
    }

    /**
     * Design table "replay / rollback": after an update at block N, the endpoint answers from block 1.
     * Refused (freshness off, so that the rollback defence alone is tested); the index keeps block N's
     * releases.
     */
    @Test
    void aReplayedOldBlockIsRefusedAsARollback() throws Exception {
        try (LyingRpcProxy proxy = LyingRpcProxy.start(URI.create(net.rpc()))) {
            Path home = client("replay", List.of(proxy.uri().toString()), 0, null, null);
            Result first = AttackNet.dpm(home, "update");
            assertThat(first.code()).as(first.toString()).isZero();
            assertThat(AttackNet.dpm(home, "install", AttackNet.LIB, "-y").code()).isZero();
            RootState before = RootState.of(home);
            String infoBefore = AttackNet.dpm(home, "info", AttackNet.HELLO).out();
            assertThat(infoBefore).contains("1.2.0-1");

            proxy.replayBlock(1).mode(LyingRpcProxy.Mode.REPLAY_OLD_BLOCK);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).matches("(?s)dpm: cannot read the chain: RPC endpoint " + proxy.uri()
                    + ": chain head 1 is behind block \\d+.*");
            assertThat(AttackNet.dpm(home, "info", AttackNet.HELLO).out()).isEqualTo(infoBefore);
            assertThat(RootState.of(home)).isEqualTo(before);
        }
    }

    /**
     * Design table "freeze": the endpoint's head stops moving. Once older than the freshness window it
     * is refused, named, even beside an honest endpoint; without it the update goes through.
     */
    @Test
    void aFrozenHeadIsRefusedOnceStale() throws Exception {
        try (LyingRpcProxy proxy = LyingRpcProxy.start(URI.create(net.rpc())).mode(LyingRpcProxy.Mode.FREEZE_HEAD)) {
            // A window of 6 s: the frozen head is up to 2 s old when it is first read (one block a second, whole
            // seconds); a window of 3 s left a loaded machine 1 s for the first update to pass.
            Path home = client("freeze", List.of(proxy.uri().toString()), 6, null, null);
            Result fresh = AttackNet.dpm(home, "update");
            assertThat(fresh.code()).as(fresh.toString()).isZero();
            Thread.sleep(8_000); // then it is over 6 s old
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).matches("(?s)dpm: cannot read the chain: RPC endpoint " + proxy.uri()
                    + ": chain head \\d+ is \\d+ s old.*");

            AttackNet.reconfigure(home, config(List.of(net.rpc(), proxy.uri().toString()), 6, null, null));
            Result both = AttackNet.dpm(home, "update");
            assertThat(both.code()).as(both.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(both.err()).contains("RPC endpoint " + proxy.uri()).doesNotContain("RPC endpoint " + net.rpc());

            AttackNet.reconfigure(home, config(List.of(net.rpc()), 6, null, null));
            Result honest = AttackNet.dpm(home, "update");
            assertThat(honest.code()).as(honest.toString()).isZero();
        }
    }

    /**
     * Design table "mix-and-match": an endpoint answers state reads from another block than the one
     * asked. Every read of one operation is pinned to one block hash and compared: named.
     */
    @Test
    void stateFromAnotherBlockIsCaughtByTheCrossCheck() throws Exception {
        try (LyingRpcProxy honest = LyingRpcProxy.start(URI.create(net.rpc()));
                LyingRpcProxy liar = LyingRpcProxy.start(URI.create(net.rpc())).replayBlock(1)
                        .mode(LyingRpcProxy.Mode.MIX_BLOCKS)) {
            Path home = client("mix", List.of(net.rpc(), honest.uri().toString()), FRESH, null, null);
            Result ok = AttackNet.dpm(home, "maintainer", "list", AttackNet.HELLO);
            assertThat(ok.code()).as(ok.toString()).isZero();
            assertThat(ok.out()).contains(net.publisherConfig.account());

            AttackNet.reconfigure(home, config(List.of(net.rpc(), honest.uri().toString(), liar.uri().toString()), FRESH,
                    null, null));
            Result r = AttackNet.dpm(home, "maintainer", "list", AttackNet.HELLO);
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).contains("RPC endpoints disagree on eth_call").contains("[" + liar.uri() + "] differ");
            assertThat(liar.calls("eth_call")).isPositive();
        }
    }

    /**
     * TUF "fast-forward": an endpoint serves another chain with the same id, far ahead. Were its head
     * recorded as the highest seen, every honest endpoint would afterwards look like a rollback and the
     * client would be locked out. With a checkpoint its headers do not link to the trusted block; beside
     * an honest endpoint the block hashes disagree; either way nothing is recorded and the honest
     * endpoint still works.
     */
    @Test
    void aFastForwardedChainIsRefusedAndDoesNotLockTheClientOut() throws Exception {
        try (Anvil ahead = Anvil.start(tmp.resolve("ahead-logs"), "--chain-id", Long.toString(net.publisherConfig.chainId()))) {
            long honestHead = blockNumber(net.rpc());
            ahead.mine((int) honestHead + 300);
            String checkpoint = "1:" + block(net.rpc(), 1).path("hash").asText();

            Path home = client("fast-forward", List.of(ahead.uri().toString()), 0, checkpoint, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).startsWith("dpm: cannot read the chain: RPC endpoint " + ahead.uri());

            AttackNet.reconfigure(home, config(List.of(net.rpc(), ahead.uri().toString()), 0, null, null));
            Result both = AttackNet.dpm(home, "update");
            assertThat(both.code()).as(both.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(both.err()).contains("disagree on block hash").contains(ahead.uri().toString());

            AttackNet.reconfigure(home, config(List.of(net.rpc()), 0, checkpoint, null));
            Result honest = AttackNet.dpm(home, "update");
            assertThat(honest.code()).as(honest.toString()).isZero();
            assertThat(AttackNet.dpm(home, "info", AttackNet.HELLO).out()).contains("1.2.0-1");
        }
    }

    /**
     * Fast-forward against a single endpoint: it serves another chain with the same id, far ahead.
     * Afterwards the honest endpoint must still give the user the honest index. Before the fix, with
     * one endpoint and no checkpoint (what {@code dpm devnet up} wrote), {@code dpm update} accepted the
     * other chain, recorded its head as seen, and the honest endpoint was then refused as a rollback
     * ("chain head 11 is behind block 311 already seen"): the user was locked out. Now {@code dpm devnet
     * up} writes the registry's deploy block as checkpoint, so even a first update against the other
     * chain is refused (its headers do not link to it); and without a checkpoint, a head past the
     * highest block seen must descend from it by parent hashes, so once the honest chain has been seen
     * the other one is refused ("does not descend from block N 0x… already seen"). Neither is recorded.
     */
    @Test
    void aFastForwardFromTheOnlyEndpointDoesNotPoisonTheIndex() throws Exception {
        try (Anvil ahead = Anvil.start(tmp.resolve("ahead-alone-logs"), "--chain-id",
                Long.toString(net.publisherConfig.chainId()))) {
            ahead.mine((int) blockNumber(net.rpc()) + 300);
            // the configuration dpm devnet up writes: the deploy block as checkpoint
            String deployCheckpoint = net.publisherConfig.checkpoint();
            assertThat(deployCheckpoint).as("dpm devnet up writes a checkpoint")
                    .isEqualTo(net.publisherConfig.registryFromBlock() + ":"
                            + block(net.rpc(), net.publisherConfig.registryFromBlock()).path("hash").asText());
            Path home = client("fast-forward-alone", List.of(ahead.uri().toString()), 0, deployCheckpoint, null);
            Result r = AttackNet.dpm(home, "update");
            assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).startsWith("dpm: cannot read the chain: RPC endpoint " + ahead.uri());
            AttackNet.reconfigure(home, config(List.of(net.rpc()), 0, deployCheckpoint, null));
            Result honest = AttackNet.dpm(home, "update");
            assertThat(honest.code()).as(r + "\n" + honest).isZero();
            assertThat(AttackNet.dpm(home, "info", AttackNet.HELLO).out()).contains("1.2.0-1");

            // no checkpoint at all: the honest chain seen first, the other one is then refused by descent
            Path bare = client("fast-forward-alone-bare", List.of(net.rpc()), 0, null, null);
            Result first = AttackNet.dpm(bare, "update");
            assertThat(first.code()).as(first.toString()).isZero();
            AttackNet.reconfigure(bare, config(List.of(ahead.uri().toString()), 0, null, null));
            Result forked = AttackNet.dpm(bare, "update");
            assertThat(forked.code()).as(forked.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(forked.err()).matches("(?s)dpm: cannot read the chain: RPC endpoint " + ahead.uri()
                    + ": chain head \\d+ does not descend from block \\d+ 0x[0-9a-f]{64} already seen by this "
                    + "client.*");
            AttackNet.reconfigure(bare, config(List.of(net.rpc()), 0, null, null));
            Result again = AttackNet.dpm(bare, "update");
            assertThat(again.code()).as(forked + "\n" + again).isZero();
            assertThat(AttackNet.dpm(bare, "info", AttackNet.HELLO).out()).contains("1.2.0-1");
        }
    }

    /**
     * The configuration {@code dpm devnet up} writes (one endpoint, no proofs, no checkpoint) is the one
     * the single-endpoint attacks above get through: {@code dpm doctor} says so and exits non-zero, and
     * once hardened as SECURITY.md says, it has nothing dangerous left.
     */
    @Test
    void doctorReportsTheDevnetConfigurationAsDangerous() throws Exception {
        Result r = AttackNet.dpm(net.publisherHome, "doctor");
        assertThat(r.code()).as(r.toString()).isEqualTo(dev.dpm.cli.doctor.DoctorCommand.DANGEROUS);
        assertThat(r.out()).contains("DANGER  rpc: one RPC endpoint (" + net.rpc() + ") and unproven events")
                .doesNotContain("no trusted checkpoint"); // dpm devnet up writes the deploy block as checkpoint
        String checkpoint = "1:" + block(net.rpc(), 1).path("hash").asText();
        try (LyingRpcProxy second = LyingRpcProxy.start(URI.create(net.rpc()))) {
            Path home = client("hardened", List.of(net.rpc(), second.uri().toString()), 300, checkpoint, true);
            Result hardened = AttackNet.dpm(home, "doctor");
            assertThat(hardened.code()).as(hardened.toString()).isZero();
            Result update = AttackNet.dpm(home, "update");
            assertThat(update.code()).as(update.toString()).isZero();
            assertThat(AttackNet.dpm(home, "info", AttackNet.HELLO).out()).contains("1.2.0-1");
        }
    }

    private static long blockNumber(String rpc) throws Exception {
        return Long.decode(call(rpc, "eth_blockNumber", "[]").asText());
    }

    private static JsonNode block(String rpc, long n) throws Exception {
        return call(rpc, "eth_getBlockByNumber", "[\"0x" + Long.toHexString(n) + "\", false]");
    }

    private static JsonNode call(String rpc, String method, String params) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}";
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpc)).header("Content-Type",
                    "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("result");
        }
    }
}
