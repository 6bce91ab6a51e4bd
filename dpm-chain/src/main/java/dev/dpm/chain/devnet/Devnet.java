package dev.dpm.chain.devnet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.http.HttpService;

/**
 * The embedded default chain: anvil on loopback with a steady block time, its state persisted to a file
 * (dumped every second and on a clean stop), the registry deployed once with a demo quorum (anvil accounts
 * 0-2 as admins, threshold 2) and a demo publisher (account 3).
 *
 * <p>All files live in one directory ({@code $DPM_HOME/devnet}): {@code anvil-state.json} (anvil's state),
 * {@code devnet.json} (what runs where, and the registry address), {@code anvil.log}. Starting again after
 * {@link #down()} reloads the state: the same registry with every release, publisher and proposal; the
 * registry is deployed only when the state holds none.
 *
 * <p>anvil keeps running after the JVM that started it exits (the CLI's {@code devnet up} returns); tests
 * call {@link #down()}.
 */
public final class Devnet {
    /** anvil's default chain id. */
    public static final long CHAIN_ID = 31337;
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path anvil;
    private final Path dir;
    private final Path keystoreDir;
    private final int port;
    private final int blockTimeSeconds;

    private Devnet(Builder b) {
        this.anvil = b.anvil;
        this.dir = b.dir;
        this.keystoreDir = b.keystoreDir;
        this.port = b.port;
        this.blockTimeSeconds = b.blockTimeSeconds;
    }

    /**
     * @param anvil the anvil binary ({@link #anvilIn(Path)} finds it in a dpm checkout)
     * @param dir   the devnet directory, e.g. {@code $DPM_HOME/devnet}
     */
    public static Builder builder(Path anvil, Path dir) {
        return new Builder(anvil, dir);
    }

    /** The anvil binary the project's npm set-up installs under {@code repoRoot}. */
    public static Path anvilIn(Path repoRoot) {
        return repoRoot.resolve("node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
    }

    public Path stateFile() {
        return dir.resolve("anvil-state.json");
    }

    public Path infoFile() {
        return dir.resolve("devnet.json");
    }

    /**
     * Starts anvil (unless it already runs), deploys the registry unless the state already holds it, and
     * writes the devnet keystores.
     */
    public DevnetInfo up() throws ChainException, InterruptedException {
        Optional<ObjectNode> saved = readInfo();
        if (saved.isPresent()) {
            long pid = saved.get().path("pid").asLong(0);
            if (isAnvil(pid)) {
                return info(saved.get(), false, true);
            }
        }
        if (!Files.isExecutable(anvil)) {
            throw new DevnetException("anvil is not installed at " + anvil + " (run scripts/test or npm ci)");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DevnetException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        Process p = start();
        // Until devnet.json names it, nothing else can stop this anvil (devnet down reads its pid there):
        // any failure, interrupt or Error before that stops it here.
        boolean recorded = false;
        try {
            int actualPort = awaitListening(p);
            String rpc = "http://127.0.0.1:" + actualPort;
            writeKeystores();
            String registry = saved.map(n -> n.path("registry").asText(null)).orElse(null);
            long deployBlock = saved.map(n -> n.path("deployBlock").asLong(0)).orElse(0L);
            boolean deployed = false;
            if (registry == null || !hasCode(rpc, registry)) {
                Credentials deployer = Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(0));
                try (TransactionSender sender = TransactionSender.builder(rpc, deployer, CHAIN_ID)
                        .pollInterval(Duration.ofMillis(100)).build()) {
                    TxReceipt r = RegistryWriter.deploy(sender, DevnetAccounts.ADMINS, 2,
                            RegistryWriter.DEFAULT_PROPOSAL_LIFETIME, List.of(DevnetAccounts.PUBLISHER));
                    registry = r.contractAddress().toLowerCase(java.util.Locale.ROOT);
                    deployBlock = r.blockNumber();
                    deployed = true;
                }
            }
            ObjectNode n = JSON.createObjectNode();
            n.put("format", 1);
            n.put("rpc", rpc);
            n.put("port", actualPort);
            n.put("pid", p.pid());
            n.put("chainId", CHAIN_ID);
            n.put("registry", registry);
            n.put("deployBlock", deployBlock);
            n.put("state", stateFile().toString());
            writeInfo(n);
            recorded = true;
            return info(n, deployed, false);
        } finally {
            if (!recorded) {
                stop(p);
            }
        }
    }

    /**
     * Stops an anvil this process started and waits for it (SIGTERM, so it dumps its state; SIGKILL after
     * 20 s), so that its port and state file are free when the failure is reported. An interrupt here
     * kills it at once and is kept for the caller.
     */
    private static void stop(Process p) {
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** Stops anvil cleanly (it dumps its state on SIGTERM); does nothing when it is not running. */
    public void down() throws ChainException, InterruptedException {
        Optional<ObjectNode> saved = readInfo();
        if (saved.isEmpty()) {
            return;
        }
        long pid = saved.get().path("pid").asLong(0);
        if (isAnvil(pid)) {
            ProcessHandle h = ProcessHandle.of(pid).orElseThrow();
            h.destroy();
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                h.destroyForcibly();
                // its port and state file are only free once it is gone: say so rather than report it down
                try {
                    h.onExit().get(10, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e2) {
                    throw new DevnetException("anvil (pid " + pid + ") did not exit within 10 s of SIGKILL");
                }
            }
        }
        ObjectNode n = saved.get();
        n.put("pid", 0);
        writeInfo(n);
    }

    /** What runs, if anything: the saved devnet, and whether its anvil is alive. */
    public Optional<DevnetInfo> status() throws ChainException {
        Optional<ObjectNode> saved = readInfo();
        if (saved.isEmpty() || !isAnvil(saved.get().path("pid").asLong(0))) {
            return Optional.empty();
        }
        return Optional.of(info(saved.get(), false, true));
    }

    // ---- internals --------------------------------------------------------------------------------

    private Process start() throws DevnetException {
        List<String> cmd = new ArrayList<>(List.of(anvil.toString(), "--host", "127.0.0.1", "--port",
                Integer.toString(port), "--chain-id", Long.toString(CHAIN_ID), "--block-time",
                Integer.toString(blockTimeSeconds), "--state", stateFile().toString(), "--state-interval", "1"));
        Path log = dir.resolve("anvil.log");
        try {
            Files.deleteIfExists(log);
            return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        } catch (IOException e) {
            throw new DevnetException("cannot start " + anvil + ": " + e.getMessage(), e);
        }
    }

    private int awaitListening(Process p) throws DevnetException, InterruptedException {
        Path log = dir.resolve("anvil.log");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new DevnetException("anvil exited with status " + p.exitValue() + "; see " + log + ": "
                        + tail(log));
            }
            Matcher m = LISTENING.matcher(tail(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(50);
        }
        p.destroy();
        throw new DevnetException("anvil did not start listening within 30 s; see " + log);
    }

    private static String tail(Path log) {
        try {
            String s = Files.exists(log) ? Files.readString(log) : "";
            return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
        } catch (IOException e) {
            return "";
        }
    }

    private void writeKeystores() throws ChainException {
        Keystore ks = new Keystore(keystoreDir);
        for (int i = 0; i < 4; i++) {
            if (ks.find(DevnetAccounts.ADDRESSES.get(i)).isEmpty()) {
                ks.importKey(DevnetAccounts.PRIVATE_KEYS.get(i), DevnetAccounts.PASSWORD, Keystore.Strength.LIGHT);
            }
        }
    }

    private static boolean hasCode(String rpc, String address) throws DevnetException {
        Web3j w = Web3j.build(new HttpService(rpc));
        try {
            String code = w.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
            return code != null && code.length() > 2;
        } catch (IOException e) {
            throw new DevnetException(rpc + " failed on eth_getCode: " + e.getMessage(), e);
        } finally {
            w.shutdown();
        }
    }

    private static boolean isAnvil(long pid) {
        if (pid <= 0) {
            return false;
        }
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .map(h -> h.info().command().orElse("").endsWith("anvil")).orElse(false);
    }

    private DevnetInfo info(ObjectNode n, boolean deployed, boolean wasRunning) {
        return new DevnetInfo(n.path("rpc").asText(), n.path("chainId").asLong(), n.path("registry").asText(),
                n.path("deployBlock").asLong(), n.path("pid").asLong(), DevnetAccounts.ADMINS, 2,
                DevnetAccounts.PUBLISHER, deployed, wasRunning);
    }

    private Optional<ObjectNode> readInfo() throws DevnetException {
        Path f = infoFile();
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of((ObjectNode) JSON.readTree(f.toFile()));
        } catch (IOException | ClassCastException e) {
            throw new DevnetException(f + " is not a devnet description: " + e.getMessage(), e);
        }
    }

    private void writeInfo(ObjectNode n) throws DevnetException {
        Path f = infoFile();
        try {
            Path tmp = Files.createTempFile(dir, "devnet", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(JSON.writeValueAsBytes(n)));
                ch.force(true);
            }
            Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DevnetException("cannot write " + f + ": " + e.getMessage(), e);
        }
    }

    /** Configuration of a {@link Devnet}. */
    public static final class Builder {
        private final Path anvil;
        private final Path dir;
        private Path keystoreDir;
        private int port = 8545;
        private int blockTimeSeconds = 1;

        private Builder(Path anvil, Path dir) {
            this.anvil = anvil;
            this.dir = dir;
            this.keystoreDir = dir.resolve("keystore");
        }

        /** Where the devnet accounts' keystore files go (default {@code dir/keystore}). */
        public Builder keystoreDir(Path d) {
            this.keystoreDir = d;
            return this;
        }

        /** Loopback port (default 8545); 0 picks a free one. */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** Seconds between blocks (default 1). */
        public Builder blockTimeSeconds(int s) {
            this.blockTimeSeconds = s;
            return this;
        }

        public Devnet build() {
            return new Devnet(this);
        }
    }
}
