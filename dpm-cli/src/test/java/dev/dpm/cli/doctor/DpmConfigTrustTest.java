package dev.dpm.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.rpc.TrustPosture;
import dev.dpm.chain.rpc.VerifiedChainReader;
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
