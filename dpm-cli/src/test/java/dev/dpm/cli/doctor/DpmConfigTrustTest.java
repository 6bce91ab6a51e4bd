package dev.dpm.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.rpc.TrustPosture;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.config.DpmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trust fields of {@link DpmConfig} (checkpoint, validators, proveLogs): compatible files, the reader they build. */
class DpmConfigTrustTest {
    static final String HASH = "0x" + "cd".repeat(32);
    static final String VALIDATOR = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

    @TempDir
    Path home;

    @Test
    void aFileWrittenBeforeTheTrustFieldsStillLoadsWithThemOff() throws Exception {
        Files.writeString(DpmConfig.file(home), """
                {"chainId": 31337, "registry": "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                 "rpc": ["http://127.0.0.1:8545"], "freshnessSeconds": 60, "seed": true}
                """);
        DpmConfig c = DpmConfig.load(home);
        assertThat(c.checkpoint()).isNull();
        assertThat(c.proveLogsOrDefault()).isFalse();
        try (VerifiedChainReader r = c.chainReader().build()) {
            TrustPosture p = r.posture();
            assertThat(p.endpointCount()).isEqualTo(1);
            assertThat(p.freshness().toSeconds()).isEqualTo(60);
            assertThat(p.checkpoint()).isNull();
            assertThat(p.logsProven()).isFalse();
            assertThat(p.sealsChecked()).isFalse();
        }
    }

    @Test
    void trustFieldsRoundTripAndReachTheReader() throws Exception {
        DpmConfig c = new DpmConfig(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3",
                List.of("http://127.0.0.1:8545", "http://127.0.0.1:8546"), 300, null, null, null, null, null, null,
                "7:" + HASH, List.of(VALIDATOR), true);
        c.save(home);
        DpmConfig back = DpmConfig.load(home);
        assertThat(back).isEqualTo(c);
        assertThat(Files.readString(DpmConfig.file(home))).contains("\"checkpoint\" : \"7:" + HASH + "\"")
                .contains("\"proveLogs\" : true");
        try (VerifiedChainReader r = back.chainReader().build()) {
            TrustPosture p = r.posture();
            assertThat(p.crossChecked()).isTrue();
            assertThat(p.checkpoint().number()).isEqualTo(7);
            assertThat(p.checkpoint().hash()).isEqualTo(HASH);
            assertThat(p.sealsChecked()).isTrue();
            assertThat(p.logsProven()).isTrue();
        }
        assertThat(back.withTrust(null, null, null).chainReader().build().posture().checkpoint()).isNull();
    }

    @Test
    void dpmConfigSetKeepsTheTrustFields() throws Exception {
        new DpmConfig(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", List.of("http://127.0.0.1:8545"), 300, null,
                null, null, null, null, null, "7:" + HASH, List.of(VALIDATOR), true).save(home);
        picocli.CommandLine cli = dev.dpm.cli.Main.commandLine();
        cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        assertThat(cli.execute("config", "set", "peers", "https://p1.example", "--home", home.toString())).isZero();
        DpmConfig c = DpmConfig.load(home);
        assertThat(c.peers()).containsExactly("https://p1.example");
        assertThat(c.checkpoint()).isEqualTo("7:" + HASH);
        assertThat(c.cliqueValidators()).containsExactly(VALIDATOR);
        assertThat(c.proveLogs()).isTrue();
    }

    @Test
    void dpmConfigSetSetsTheTrustFieldsThatDoctorAsksFor() throws Exception {
        // before: "unknown configuration field 'proveLogs'" though the README lists it and dpm doctor says to set it
        new DpmConfig(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3", List.of("http://127.0.0.1:8545"), 300, null,
                null, null, null, null, null).save(home);
        assertThat(CapturedRun.inHome(home, "config", "set", "proveLogs", "true").code()).isZero();
        assertThat(CapturedRun.inHome(home, "config", "set", "checkpoint", "7:" + HASH).code()).isZero();
        CapturedRun set = CapturedRun.inHome(home, "config", "set", "cliqueValidators", VALIDATOR);
        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("set cliqueValidators = " + VALIDATOR);
        DpmConfig c = DpmConfig.load(home);
        assertThat(c.proveLogs()).isTrue();
        assertThat(c.checkpoint()).isEqualTo("7:" + HASH);
        assertThat(c.cliqueValidators()).containsExactly(VALIDATOR);
        assertThat(c.rpc()).containsExactly("http://127.0.0.1:8545");
        try (VerifiedChainReader r = c.chainReader().build()) {
            assertThat(r.posture().logsProven()).isTrue();
            assertThat(r.posture().sealsChecked()).isTrue();
        }
        String before = Files.readString(DpmConfig.file(home));
        for (String[] bad : List.of(new String[] {"checkpoint", "latest"}, new String[] {"checkpoint", "x:" + HASH},
                new String[] {"checkpoint", "7:0x12"}, new String[] {"cliqueValidators", "0x12"},
                new String[] {"proveLogs", "yes"})) {
            CapturedRun r = CapturedRun.inHome(home, "config", "set", bad[0], bad[1]);
            assertThat(r.code()).as(bad[0] + " " + bad[1]).isEqualTo(dev.dpm.cli.ExitCodes.USAGE);
            assertThat(r.err()).as(bad[0] + " " + bad[1]).startsWith("dpm: ").contains(bad[0]).doesNotContain("Exception");
            assertThat(Files.readString(DpmConfig.file(home))).isEqualTo(before);
        }
        // no value: no validators (seals not checked), no checkpoint
        assertThat(CapturedRun.inHome(home, "config", "set", "cliqueValidators").code()).isZero();
        assertThat(CapturedRun.inHome(home, "config", "set", "checkpoint").code()).isZero();
        assertThat(DpmConfig.load(home).cliqueValidators()).isEmpty();
        assertThat(DpmConfig.load(home).checkpoint()).isNull();
        assertThat(DpmConfig.load(home).proveLogs()).isTrue();
    }

    @Test
    void aMalformedCheckpointIsRefusedWhenTheFileIsRead() throws Exception {
        Files.writeString(DpmConfig.file(home), """
                {"chainId": 31337, "rpc": ["http://127.0.0.1:8545"], "checkpoint": "latest"}
                """);
        assertThatThrownBy(() -> DpmConfig.load(home)).isInstanceOf(DpmConfig.ConfigException.class)
                .hasMessageContaining(DpmConfig.file(home).toString()).hasMessageContaining("NUMBER:0xHASH");
        Files.writeString(DpmConfig.file(home), """
                {"chainId": 31337, "rpc": ["http://127.0.0.1:8545"], "cliqueValidators": ["0x12"]}
                """);
        assertThatThrownBy(() -> DpmConfig.load(home)).isInstanceOf(DpmConfig.ConfigException.class)
                .hasMessageContaining("cliqueValidators");
    }
}
