package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.content.repo.Repo;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The honest world every attack is tried against, one per test class: a devnet (one anvil, started and
 * stopped through {@code dpm devnet}), the demo packages of {@code examples/} published by the devnet's
 * publisher with {@code dpm publish}, and an honest dpm storage node serving the publisher's repository.
 * Clients are separate dpm homes whose configuration each test writes (which endpoints, which peers).
 */
final class AttackNet implements AutoCloseable {
    /** The demo releases published at start, as {@code dpm list} prints them. */
    static final String HELLO = "hello-dpm";
    static final String LIB = "libgreeting";
    static final String BANNER = "ascii-banner";

    /** What a run of {@code dpm} printed and returned. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    final Path dir;
    final Path publisherHome;
    final Path password;
    final DpmConfig publisherConfig;
    final Repo publisherRepo;
    final StorageNode honestNode;
    /** Manifest CID printed by {@code dpm publish}, per package name. */
    final java.util.Map<String, String> manifests = new java.util.HashMap<>();

    private AttackNet(Path dir) throws Exception {
        this.dir = dir;
        this.publisherHome = dir.resolve("publisher");
        this.password = Files.writeString(dir.resolve("password"), DevnetAccounts.PASSWORD + "\n");
        Result up = dpm(publisherHome, "devnet", "up", "--port", "0");
        assertThat(up.code()).as(up.toString()).isZero();
        // close() is never called on a net that failed to start: stop its anvil here, or it outlives the fork
        try {
            this.publisherConfig = DpmConfig.load(publisherHome);
            Path examples = Path.of(System.getProperty("dpm.repo.root", ".")).resolve("examples");
            Result pub = dpm(publisherHome, "publish", examples.resolve(LIB).toString(),
                    examples.resolve(BANNER).toString(), examples.resolve(HELLO).toString(), "--password-file",
                    password.toString());
            assertThat(pub.code()).as(pub.toString()).isZero();
            Matcher m = Pattern.compile("published ([a-z0-9][a-z0-9+.-]*)[ @=]\\S+ -> (\\S+)").matcher(pub.out());
            while (m.find()) {
                manifests.put(m.group(1), m.group(2));
            }
            assertThat(manifests).as(pub.out()).containsKeys(LIB, BANNER, HELLO);
            this.publisherRepo = Repo.open(publisherHome.resolve("repo"));
            this.honestNode = StorageNode.builder(publisherRepo.blockstore()).build().start();
        } catch (Throwable t) {
            dpm(publisherHome, "devnet", "down");
            throw t;
        }
    }

    /** Starts the devnet, publishes the examples, starts the honest node. */
    static AttackNet start(Path dir) throws Exception {
        return new AttackNet(dir);
    }

    String rpc() {
        return publisherConfig.rpc().get(0);
    }

    String registry() {
        return publisherConfig.registry();
    }

    String honestPeer() {
        return honestNode.url().toString();
    }

    /** Runs {@code dpm ARGS --home HOME} in this JVM, as a user would from a shell. */
    static Result dpm(Path home, String... args) {
        CapturedRun r = CapturedRun.inHome(home, args);
        return new Result(r.code(), r.out(), r.err());
    }

    /** A client home whose configuration names these endpoints and peers (nothing else set). */
    Path client(String name, List<String> rpc, List<String> peers, long freshnessSeconds) throws IOException {
        return client(name, new DpmConfig(publisherConfig.chainId(), registry(), rpc, freshnessSeconds, peers, null,
                null, null, null, false));
    }

    /** A client home with exactly {@code config}. */
    Path client(String name, DpmConfig config) throws IOException {
        Path home = dir.resolve("clients").resolve(name);
        Files.createDirectories(home);
        config.save(home);
        return home;
    }

    /** Replaces a client's configuration (the user edits config.json). */
    static void reconfigure(Path home, DpmConfig config) throws IOException {
        config.save(home);
    }

    @Override
    public void close() {
        honestNode.close();
        dpm(publisherHome, "devnet", "down");
    }
}
