package dev.dpm.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.Main;
import dev.dpm.cli.config.DpmConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dpm doctor} on configurations from careless to careful, through the command line. Nothing is contacted. */
class DoctorCommandTest {
    static final String REGISTRY = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    static final String CHECKPOINT = "1:0x" + "ab".repeat(32);

    @TempDir
    Path home;
    String out;

    private int doctor(DpmConfig c) throws Exception {
        c.save(home);
        Files.setPosixFilePermissions(DpmConfig.file(home), PosixFilePermissions.fromString("rw-------"));
        return run();
    }

    private int run() {
        CommandLine cli = Main.commandLine();
        StringWriter o = new StringWriter();
        cli.setOut(new PrintWriter(o, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int code = cli.execute("doctor", "--home", home.toString());
        out = o.toString();
        return code;
    }

    private static DpmConfig config(List<String> rpc, long freshness, List<String> peers, Boolean seed, String checkpoint,
            Boolean proveLogs) {
        return new DpmConfig(31337, REGISTRY, rpc, freshness, peers, null, null, null, null, seed, checkpoint, null,
                proveLogs);
    }

    @Test
    void theDevnetDefaultIsDangerous() throws Exception {
        // what `dpm devnet up` writes: one endpoint, 60 s window, no peers
        int code = doctor(config(List.of("http://127.0.0.1:8545"), 60, null, null, null, null));
        assertThat(code).isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  rpc: one RPC endpoint (http://127.0.0.1:8545) and unproven events")
                .contains("fix: add a second, independent endpoint to \"rpc\", or set \"proveLogs\" to true")
                .contains("warn    checkpoint: no trusted checkpoint")
                .contains("warn    peers: no storage peers")
                .contains("ok      freshness: a chain head older than 60 s is refused")
                .contains("1 dangerous, 2 warnings");
        assertThat(out.lines().toList().get(1)).startsWith("DANGER"); // worst first
    }

    @Test
    void noFreshnessWindowIsDangerous() throws Exception {
        int code = doctor(config(List.of("https://a.example/rpc", "https://b.example/rpc"), 0,
                List.of("https://p1.example", "https://p2.example"), true, CHECKPOINT, null));
        assertThat(code).isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  freshness: no freshness window")
                .contains("fix: set \"freshnessSeconds\" (e.g. 300)")
                .contains("ok      rpc: 2 RPC endpoints, every read cross-checked");
    }

    @Test
    void aCarefulConfigurationOnlyGetsWarningsItCannotAvoid() throws Exception {
        int code = doctor(config(List.of("https://a.example/rpc", "https://b.example/rpc"), 300,
                List.of("https://p1.example", "http://10.0.0.7:8480", "http://127.0.0.1:8480"), true, CHECKPOINT, true));
        assertThat(code).isZero();
        assertThat(out).doesNotContain("DANGER")
                .contains("ok      rpc: 2 RPC endpoints, every read cross-checked, events proven")
                .contains("ok      peers: 3 storage peers")
                .contains("warn    checkpoint: checkpoint 1 without validator seals")
                .contains("ok      seed: seeding is on")
                .doesNotContain("plain http") // private and loopback addresses are fine
                .contains("0 dangerous, 1 warnings");
    }

    @Test
    void oneEndpointWithProvenEventsIsAWarningNotADanger() throws Exception {
        int code = doctor(config(List.of("https://a.example/rpc"), 300, List.of("https://p1.example", "https://p2.example"),
                true, CHECKPOINT, true));
        assertThat(code).isZero();
        assertThat(out).contains("warn    rpc: one RPC endpoint (https://a.example/rpc): events are proven");
    }

    @Test
    void plainHttpOnPublicAddressesSameOperatorAndSeedingOffAreReported() throws Exception {
        int code = doctor(config(List.of("http://rpc.example.org/a", "http://rpc.example.org/b"), 300,
                List.of("http://203.0.113.9:8480"), false, CHECKPOINT, null));
        assertThat(code).isZero();
        assertThat(out).contains("warn    rpc: several endpoints on rpc.example.org")
                .contains("warn    rpc: endpoint http://rpc.example.org/a is plain http on a non-local address")
                .contains("warn    peers: peer http://203.0.113.9:8480 is plain http on a non-local address")
                .contains("warn    peers: one storage peer (http://203.0.113.9:8480)")
                .contains("warn    seed: seeding is off")
                .contains("fix: set \"seed\" to true");
    }

    @Test
    void keystoreAndConfigurationOpenToOthersAreDangerous() throws Exception {
        DpmConfig c = config(List.of("https://a.example/rpc", "https://b.example/rpc"), 300,
                List.of("https://p1.example", "https://p2.example"), true, CHECKPOINT, true);
        assertThat(doctor(c)).isZero();
        Path ks = Files.createDirectories(home.resolve("keystore"));
        Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rwx------"));
        Path key = Files.writeString(ks.resolve("UTC--2026-key"), "{}");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        assertThat(run()).isZero();
        assertThat(out).contains("ok      keystore: " + ks + " and its keys are private to you");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(run()).isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  keystore: keystore open to other users: UTC--2026-key (rw-r--r--)")
                .contains("fix: chmod 700 " + ks + " && chmod 600 " + ks + "/*");

        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rwxr-xr-x")); // a umask-022 mkdir
        assertThat(run()).isZero();
        assertThat(out).contains("warn    keystore: other users can list " + ks + " (rwxr-xr-x)")
                .contains("fix: chmod 700 " + ks);
        Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertThat(run()).isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  keystore: keystore open to other users: " + ks + " (rwxrwxrwx)");
        Files.setPosixFilePermissions(ks, PosixFilePermissions.fromString("rwx------"));

        Files.setPosixFilePermissions(DpmConfig.file(home), PosixFilePermissions.fromString("rw-rw-rw-"));
        assertThat(run()).isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  config: " + DpmConfig.file(home) + " is writable by others (rw-rw-rw-)");
    }

    @Test
    void noEndpointAtAllIsDangerous() throws Exception {
        assertThat(doctor(config(List.of(), 300, List.of("https://p1.example"), true, null, null)))
                .isEqualTo(DoctorCommand.DANGEROUS);
        assertThat(out).contains("DANGER  rpc: no RPC endpoint");
    }

    @Test
    void aMissingConfigurationIsAConfigError() {
        assertThat(run()).isEqualTo(dev.dpm.cli.ExitCodes.CONFIG);
    }

    @Test
    void plainHttpRemoteClassification() {
        assertThat(Doctor.plainHttpRemote("http://127.0.0.1:8545")).isFalse();
        assertThat(Doctor.plainHttpRemote("http://localhost:8545")).isFalse();
        assertThat(Doctor.plainHttpRemote("http://192.168.1.2:8480")).isFalse();
        assertThat(Doctor.plainHttpRemote("http://[::1]:8480")).isFalse();
        assertThat(Doctor.plainHttpRemote("http://[fd00::1]:8480")).isFalse();
        assertThat(Doctor.plainHttpRemote("https://8.8.8.8")).isFalse();
        assertThat(Doctor.plainHttpRemote("http://8.8.8.8")).isTrue();
        assertThat(Doctor.plainHttpRemote("http://[2001:db8::1]:8480")).isTrue();
        assertThat(Doctor.plainHttpRemote("http://gateway.example.org")).isTrue();
    }
}
