package dev.dpm.core.scenario;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.tx.TransactionSender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/**
 * One real anvil for a whole test class (automine: every transaction is mined at once, so scenarios
 * stay fast), on an ephemeral loopback port. Each scenario deploys its own registry on it, so scenarios
 * never see each other's releases. Stopped by {@link #close()}.
 */
public final class ScenarioChain implements AutoCloseable {
    public static final long CHAIN_ID = 31337;
    /** Admin (alone, threshold 1) of every registry deployed here. */
    public static final int ADMIN = 0;
    /** The publishers every registry starts with. */
    public static final int PUBLISHER = 3;
    public static final int SECOND_PUBLISHER = 4;
    /** An account that is not a publisher. */
    public static final int OUTSIDER = 5;

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");

    private final Process anvil;
    private final String rpc;

    private ScenarioChain(Process anvil, String rpc) {
        this.anvil = anvil;
        this.rpc = rpc;
    }

    /** Starts anvil from the repository's npm tools. */
    public static ScenarioChain start() throws IOException, InterruptedException {
        Path repo = Path.of(System.getProperty("dpm.repo.root", "."));
        Path bin = Devnet.anvilIn(repo);
        if (!Files.isExecutable(bin)) {
            throw new IllegalStateException("anvil is not installed at " + bin + " (run npm ci)");
        }
        Process p = new ProcessBuilder(bin.toString(), "--host", "127.0.0.1", "--port", "0", "--chain-id",
                Long.toString(CHAIN_ID)).redirectErrorStream(true).start();
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                port.completeExceptionally(e);
            }
            port.completeExceptionally(new IOException("anvil exited before listening"));
        }, "anvil-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ScenarioChain(p, "http://127.0.0.1:" + port.get(30, TimeUnit.SECONDS));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            p.destroyForcibly();
            throw new IOException("anvil did not start: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            p.destroyForcibly(); // not left running for the rest of the fork
            throw e;
        }
    }

    public String rpc() {
        return rpc;
    }

    /** A sender for anvil account {@code index}. */
    public TransactionSender sender(int index) {
        return TransactionSender.builder(rpc, Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(index)), CHAIN_ID)
                .pollInterval(Duration.ofMillis(20)).build();
    }

    public static String address(int index) {
        return DevnetAccounts.ADDRESSES.get(index);
    }

    /** Deploys a fresh registry: account 0 the only admin (threshold 1), accounts 3 and 4 publishers. */
    public String deployRegistry() throws Exception {
        try (TransactionSender s = sender(ADMIN)) {
            return RegistryWriter.deploy(s, List.of(address(ADMIN)), 1, Duration.ofDays(1),
                    List.of(address(PUBLISHER), address(SECOND_PUBLISHER))).contractAddress();
        }
    }

    @Override
    public void close() throws InterruptedException {
        anvil.destroy();
        if (!anvil.waitFor(10, TimeUnit.SECONDS)) {
            anvil.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
