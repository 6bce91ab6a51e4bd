package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.attack.AttackNet.Result;
import dev.dpm.cli.config.DpmConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint set with {@code dpm config set checkpoint} in a home whose root and chain commands have
 * already read the chain is checked as a fresh home checks it, end to end through {@code dpm update}
 * (the root's {@code DatabaseHighestSeenStore}) and {@code dpm audit} (the home's
 * {@code FileHighestSeenStore}): a block hash that is not on the chain is refused with the error a fresh
 * home gives and nothing recorded; a genuine one is accepted. Until 2026-11-26 both commands accepted
 * the bogus checkpoint once the home had synced (the highest block seen was the walk's anchor).
 */
class CheckpointChangeIT {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    private static DpmConfig config(String checkpoint) {
        return new DpmConfig(net.publisherConfig.chainId(), net.registry(), List.of(net.rpc()), 0,
                List.of(net.honestPeer()), null, null, null, null, false, checkpoint, null, null);
    }

    private static String blockHash(long n) throws Exception {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBlockByNumber\",\"params\":[\"0x"
                + Long.toHexString(n) + "\",false]}";
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(net.rpc()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode hash = JSON.readTree(r.body()).path("result").path("hash");
        assertThat(hash.isTextual()).as(r.body()).isTrue();
        return hash.asText();
    }

    /** What the home's and the root's highest-seen files hold. */
    private static List<String> seen(Path home) throws Exception {
        return List.of(Files.readString(home.resolve("chain/highest-seen-" + net.publisherConfig.chainId())),
                Files.readString(home.resolve("root/var/lib/dpm/highest-seen")));
    }

    @Test
    void aCheckpointSetAfterTheHomeReadTheChainIsCheckedByUpdateAndAudit() throws Exception {
        String deployCheckpoint = net.publisherConfig.checkpoint();
        assertThat(deployCheckpoint).as("dpm devnet up writes a checkpoint").isNotNull();
        Path home = net.client("checkpoint-later", config(deployCheckpoint));
        for (String[] read : List.of(new String[] {"update"}, new String[] {"audit", AttackNet.HELLO})) {
            Result r = AttackNet.dpm(home, read);
            assertThat(r.code()).as(r.toString()).isZero();
        }
        List<String> before = seen(home);
        assertThat(before).allSatisfy(s -> assertThat(s).endsWith(" " + deployCheckpoint + "\n"));

        // a block hash that is not on the chain, below every block seen
        String bogus = "1:0x" + "5b".repeat(32);
        Result set = AttackNet.dpm(home, "config", "set", "checkpoint", bogus);
        assertThat(set.code()).as(set.toString()).isZero();
        Path fresh = net.client("checkpoint-fresh", config(bogus));
        for (String[] read : List.of(new String[] {"update"}, new String[] {"audit", AttackNet.HELLO})) {
            Result r = AttackNet.dpm(home, read);
            assertThat(r.code()).as(String.join(" ", read) + ": " + r).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err().lines().toList()).as(r.toString()).hasSize(1);
            assertThat(r.err()).startsWith("dpm: ").contains("RPC endpoint " + net.rpc() + ": block 1: header chain")
                    .contains("the configured checkpoint " + bogus + " is not on this endpoint's chain");
            // the error a home that never read the chain gives
            Result first = AttackNet.dpm(fresh, read);
            assertThat(first.code()).as(first.toString()).isEqualTo(ExitCodes.CHAIN);
            assertThat(r.err()).isEqualTo(first.err());
        }
        assertThat(seen(home)).isEqualTo(before);

        // a genuine checkpoint other than the one the blocks seen were linked from
        String genuine = "2:" + blockHash(2);
        set = AttackNet.dpm(home, "config", "set", "checkpoint", genuine);
        assertThat(set.code()).as(set.toString()).isZero();
        for (String[] read : List.of(new String[] {"update"}, new String[] {"audit", AttackNet.HELLO})) {
            Result r = AttackNet.dpm(home, read);
            assertThat(r.code()).as(String.join(" ", read) + ": " + r).isZero();
        }
        assertThat(seen(home)).allSatisfy(s -> assertThat(s).endsWith(" " + genuine + "\n"));
        assertThat(AttackNet.dpm(home, "info", AttackNet.HELLO).out()).contains("1.2.0-1");
    }
}
