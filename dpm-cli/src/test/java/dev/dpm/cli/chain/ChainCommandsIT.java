package dev.dpm.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.JsonRpcClient;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain commands end to end on a devnet started and stopped by the test through {@code dpm devnet}. */
class ChainCommandsIT {
    static final List<String> A = DevnetAccounts.ADDRESSES;

    @TempDir
    Path tmp;
    Path home;
    Path pw;
    String out;
    String err;

    @BeforeEach
    void setUp() throws Exception {
        home = tmp.resolve("home");
        pw = Files.writeString(tmp.resolve("pw"), DevnetAccounts.PASSWORD + "\n");
    }

    @AfterEach
    void tearDown() {
        dpm("devnet", "down");
    }

    private int dpm(String... args) {
        CapturedRun r = CapturedRun.inHome(home, args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private int signed(int account, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--account", A.get(account), "--password-file", pw.toString()));
        return dpm(all.toArray(String[]::new));
    }

    @Test
    void governanceMaintainersYankAndAuditThroughTheCommandLine() throws Exception {
        assertThat(dpm("devnet", "up", "--port", "0")).as(err).isZero();
        assertThat(out).contains("registry deployed");
        DpmConfig config = DpmConfig.load(home);
        assertThat(config.chainId()).isEqualTo(31337);
        assertThat(config.account()).isEqualTo(DevnetAccounts.PUBLISHER);
        // the registry's deploy block: it has code there and none in the block before
        assertThat(config.registryFromBlock()).isNotNull().isPositive();
        String at = "0x" + Long.toHexString(config.registryFromBlock());
        String before = "0x" + Long.toHexString(config.registryFromBlock() - 1);
        assertThat(rpc(config, "eth_getCode", config.registry(), at).asText()).hasSizeGreaterThan(2);
        assertThat(rpc(config, "eth_getCode", config.registry(), before).asText()).isEqualTo("0x");
        assertThat(dpm("devnet", "status")).isZero();
        assertThat(out).contains(config.rpc().get(0)).contains(config.registry());

        assertThat(dpm("key", "list")).isZero();
        assertThat(out).contains("* " + DevnetAccounts.PUBLISHER);
        assertThat(out.lines().count()).isEqualTo(4);

        // dpm publish is the core's command; it calls RegistryWriter.publish like this.
        try (TransactionSender s = TransactionSender.builder(config.rpc().get(0),
                new Keystore(home.resolve("keystore")).unlock(DevnetAccounts.PUBLISHER, DevnetAccounts.PASSWORD),
                config.chainId()).build()) {
            byte[] m = "Package: hello\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8);
            new RegistryWriter(s, config.registry()).publish("hello", "1.0", ManifestCid.of(m), m);
        }

        assertThat(signed(0, "admin", "propose", "add-publisher", A.get(4))).as(err).isZero();
        assertThat(out).startsWith("proposal 1 (add-publisher) created with 1 approval");
        assertThat(dpm("admin", "list")).isZero();
        assertThat(out).contains("#1 add-publisher " + A.get(4) + "  1 of 2 approvals (" + A.get(0) + ")");
        assertThat(signed(0, "admin", "approve", "1")).isEqualTo(ExitCodes.CHAIN);
        assertThat(err).contains(A.get(0) + " already approved proposal 1");
        assertThat(signed(3, "admin", "propose", "add-admin", A.get(3))).isEqualTo(ExitCodes.CHAIN);
        assertThat(err).contains(A.get(3) + " is not an admin");
        assertThat(signed(1, "admin", "approve", "1")).isZero();
        assertThat(out).contains("which executed");
        assertThat(dpm("admin", "list")).isZero();
        assertThat(out).contains("no open proposals");
        assertThat(signed(0, "admin", "propose", "change-threshold", "4")).isEqualTo(ExitCodes.CHAIN);
        assertThat(err).contains("threshold 4 exceeds the number of admins 3");

        assertThat(dpm("maintainer", "add", "hello", A.get(4), "--password-file", pw.toString())).as(err).isZero();
        assertThat(dpm("maintainer", "list", "hello")).isZero();
        assertThat(out.lines().toList()).containsExactly(A.get(3), A.get(4));
        assertThat(signed(4, "yank", "hello", "1.0")).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(err).contains("no key for account " + A.get(4));
        assertThat(dpm("yank", "hello", "1.0", "--password-file", pw.toString())).as(err).isZero();
        assertThat(dpm("yank", "hello", "1.0", "--password-file", pw.toString())).isEqualTo(ExitCodes.CHAIN);
        assertThat(err).contains("hello@1.0 is already yanked");

        assertThat(dpm("audit", "hello")).as(err).isZero();
        List<String> lines = out.lines().toList();
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).matches("block \\d+ +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ  0x[0-9a-f]{64}  maintainer "
                + A.get(3) + " \\(first publisher\\)");
        // each line's time is its block's timestamp (oracle: the node's own answer for that block)
        for (String line : lines.subList(0, 4)) {
            String[] f = line.split(" +");
            JsonNode b = rpc(config, "eth_getBlockByNumber", "0x" + Long.toHexString(Long.parseLong(f[1])), false);
            assertThat(Instant.parse(f[2]).getEpochSecond()).isEqualTo(Long.decode(b.get("timestamp").asText()));
            // the transaction hash is of a transaction in that block
            JsonNode tx = rpc(config, "eth_getTransactionReceipt", f[3]);
            assertThat(Long.decode(tx.get("blockNumber").asText())).isEqualTo(Long.parseLong(f[1]));
        }
        assertThat(lines.get(1)).contains("published hello@1.0 manifest bafkrei").contains("by " + A.get(3));
        assertThat(lines.get(2)).contains("maintainer " + A.get(4) + " added by " + A.get(3));
        assertThat(lines.get(3)).contains("yanked hello@1.0 by " + A.get(3));
        assertThat(dpm("audit", "nothing")).isEqualTo(ExitCodes.INVALID_INPUT);

        Path key = Files.writeString(tmp.resolve("key"), DevnetAccounts.PRIVATE_KEYS.get(5) + "\n");
        assertThat(dpm("key", "import", key.toString(), "--password-file", pw.toString())).as(err).isZero();
        assertThat(out).startsWith(A.get(5));

        assertThat(dpm("devnet", "down")).isZero();
        assertThat(dpm("devnet", "status")).isEqualTo(1);
        // the client's own settings survive a restart of the devnet (before: up dropped proveLogs)
        assertThat(dpm("config", "set", "proveLogs", "true")).as(err).isZero();
        assertThat(dpm("config", "set", "peers", "http://127.0.0.1:9")).as(err).isZero();
        assertThat(dpm("devnet", "up", "--port", "0")).as(err).isZero();
        assertThat(out).contains("registry reloaded from saved state");
        assertThat(DpmConfig.load(home).registry()).isEqualTo(config.registry());
        assertThat(DpmConfig.load(home).proveLogs()).isTrue();
        assertThat(DpmConfig.load(home).peers()).containsExactly("http://127.0.0.1:9");
        assertThat(dpm("audit", "hello")).isZero();
        assertThat(out.lines().toList()).hasSize(5);

        // removing a publisher ends its maintainerships: maintainer list and audit both say so
        assertThat(signed(0, "admin", "propose", "remove-publisher", A.get(4))).as(err).isZero();
        assertThat(out).startsWith("proposal 2 (remove-publisher)");
        assertThat(signed(1, "admin", "approve", "2")).as(err).isZero();
        assertThat(dpm("maintainer", "list", "hello")).isZero();
        assertThat(out.lines().toList()).containsExactly(A.get(3));
        assertThat(dpm("audit", "hello")).isZero();
        assertThat(out.lines().toList()).hasSize(6);
        assertThat(out.lines().toList().get(4)).contains("maintainer " + A.get(4)
                + " removed as publisher by the quorum (proposal 2): no longer a maintainer");
    }

    /** A raw JSON-RPC call to the devnet (the oracle; not dpm's verified reader). */
    static JsonNode rpc(DpmConfig c, String method, Object... params) throws Exception {
        try (JsonRpcClient client = JsonRpcClient.builder(URI.create(c.rpc().get(0))).build()) {
            return client.call(method, params);
        }
    }

    @Test
    void commandsWithoutAConfigurationSayWhatToDo() {
        assertThat(dpm("admin", "list")).isEqualTo(ExitCodes.CONFIG);
        assertThat(err).contains("dpm devnet up");
        assertThat(dpm("admin", "propose", "frobnicate", "x")).isEqualTo(ExitCodes.USAGE);
    }
}
