package dev.dpm.cli.chain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.rpc.FileHighestSeenStore;
import dev.dpm.chain.rpc.LyingRpcProxy;
import dev.dpm.chain.rpc.SeenBlock;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The chain commands when something is wrong: a replayed chain head on a later run of dpm, a stopped node,
 * a wrong password, a missing keystore. Each is one line on standard error and a non-zero exit code.
 */
class ChainCommandsFailureIT {
    static final List<String> A = DevnetAccounts.ADDRESSES;
    /** Every signing command a maintainer or admin runs, with the account that would sign it. */
    static final List<List<String>> SIGNING = List.of(
            List.of("yank", "hello", "1.0", "--account", A.get(3)),
            List.of("maintainer", "add", "hello", A.get(4), "--account", A.get(3)),
            List.of("admin", "approve", "1", "--account", A.get(1)));

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
        dpm(home, "devnet", "down");
    }

    private int dpm(Path dpmHome, String... args) {
        CapturedRun r = CapturedRun.inHome(dpmHome, args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    private int dpm(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return dpm(home, all.toArray(String[]::new));
    }

    @Test
    void aLaterRunAgainstAnEndpointReplayingAnOlderBlockIsRefused() throws Exception {
        // what this home saw of an earlier devnet chain: a fresh devnet (new chain from block 0) forgets it
        FileHighestSeenStore store = FileHighestSeenStore.under(home, Devnet.CHAIN_ID);
        store.record(new SeenBlock(1_000_000, "0x" + "ab".repeat(32)));
        assertThat(dpm(home, "devnet", "up", "--port", "0")).as(err).isZero();
        assertThat(out).contains("registry deployed");
        DpmConfig honest = DpmConfig.load(home);
        assertThat(honest.chainId()).isEqualTo(Devnet.CHAIN_ID);
        // a read at a head past the deploy block (the devnet makes one block a second)
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            assertThat(dpm(home, "registry", "info")).as(err).isZero();
            Thread.sleep(200);
        } while (store.load().orElseThrow().number() <= honest.registryFromBlock() && System.nanoTime() < deadline);
        SeenBlock seen = store.load().orElseThrow();
        assertThat(seen.number()).isGreaterThan(honest.registryFromBlock());

        try (LyingRpcProxy proxy = LyingRpcProxy.start(URI.create(honest.rpc().get(0)))) {
            proxy.mode(LyingRpcProxy.Mode.REPLAY_OLD_BLOCK).replayBlock(honest.registryFromBlock());
            DpmConfig lying = new DpmConfig(honest.chainId(), honest.registry(), List.of(proxy.uri().toString()),
                    honest.freshnessSeconds(), null, honest.keystore(), honest.account(), null, null, null, null, null,
                    null, honest.registryFromBlock());
            lying.save(home);
            // a new process of dpm (a new command line, a new reader) remembers what the last one saw
            for (String[] read : List.of(new String[] {"registry", "info"}, new String[] {"audit", "hello"},
                    new String[] {"admin", "list"}, new String[] {"maintainer", "list", "hello"})) {
                assertThat(dpm(home, read)).as(String.join(" ", read)).isEqualTo(ExitCodes.CHAIN);
                assertThat(err.lines().toList()).as(err).hasSize(1);
                assertThat(err).contains(proxy.uri().toString()).contains("behind block " + seen.number())
                        .contains("replayed or rolled back");
            }
            assertThat(store.load()).contains(seen);

            // the control: a client without that memory takes the replayed block (what the store prevents)
            Path fresh = tmp.resolve("fresh");
            lying.save(fresh);
            assertThat(dpm(fresh, "registry", "info")).as(err).isZero();
            assertThat(out).contains(Long.toString(honest.registryFromBlock()));
        }
    }

    @Test
    void signingCommandsFailInOneLineOnWrongPasswordMissingKeystoreAndStoppedNode() throws Exception {
        assertThat(dpm(home, "devnet", "up", "--port", "0")).as(err).isZero();
        DpmConfig c = DpmConfig.load(home);
        Path wrong = Files.writeString(tmp.resolve("wrong"), "not-the-password\n");
        for (List<String> cmd : SIGNING) {
            assertThat(dpm(cmd, "--password-file", wrong.toString())).as(cmd + ": " + err)
                    .isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(err.lines().toList()).as(err).hasSize(1);
            assertThat(err).contains("wrong password for account " + cmd.get(cmd.indexOf("--account") + 1));
        }

        Path keystore = home.resolve("keystore");
        Path away = tmp.resolve("keystore-away");
        Files.move(keystore, away);
        for (List<String> cmd : SIGNING) {
            assertThat(dpm(cmd, "--password-file", pw.toString())).as(cmd + ": " + err).isNotZero()
                    .isNotEqualTo(ExitCodes.INTERNAL);
            assertThat(err.lines().toList()).as(err).hasSize(1);
            assertThat(err).contains("keystore " + keystore + " does not exist");
        }
        Files.move(away, keystore);

        assertThat(dpm(home, "devnet", "down")).isZero();
        String endpoint = c.rpc().get(0);
        for (List<String> cmd : SIGNING) {
            long started = System.nanoTime();
            int code = dpm(cmd, "--password-file", pw.toString());
            assertThat(code).as(cmd + ": " + err).isEqualTo(ExitCodes.CHAIN);
            assertThat(err.lines().toList()).as(err).hasSize(1);
            assertThat(err).contains(endpoint);
            assertThat(System.nanoTime() - started).as("time to fail").isLessThan(30_000_000_000L);
        }
    }
}
