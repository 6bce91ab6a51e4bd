package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test fixture: one anvil process on a free loopback port, stopped by {@link #close()}. Shared by the
 * RPC trust tests and (through the attack suite) by anyone who needs a throw-away chain.
 */
public final class Anvil implements AutoCloseable {
    /** anvil's first default dev account (its key is public knowledge; never use it outside a devnet). */
    public static final String DEV_ACCOUNT = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266";
    public static final String DEV_ACCOUNT_2 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";

    private final Process process;
    private final int port;
    private final JsonRpcClient client;

    private Anvil(Process process, int port) {
        this.process = process;
        this.port = port;
        this.client = JsonRpcClient.builder(uri()).build();
    }

    public static Path binary() {
        String root = System.getProperty("dpm.repo.root");
        if (root == null) {
            throw new IllegalStateException("system property dpm.repo.root is not set (run through Maven)");
        }
        Path p = Path.of(root, "node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil");
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: run scripts/test (npm ci) first");
        }
        return p;
    }

    /** Starts anvil with the given extra arguments (e.g. {@code --block-time 1}, {@code --chain-id 7}). */
    public static Anvil start(Path logDir, String... extraArgs) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 5; attempt++) {
            int port = freePort();
            List<String> cmd = new ArrayList<>(List.of(binary().toString(), "--host", "127.0.0.1",
                    "--port", Integer.toString(port)));
            cmd.addAll(List.of(extraArgs));
            Files.createDirectories(logDir);
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(logDir.resolve("anvil-" + port + ".log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (System.nanoTime() < deadline && p.isAlive()) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    probe.shutdownOutput();
                    return new Anvil(p, port);
                } catch (IOException notYet) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            // the port may have been taken between probing and binding: try another
        }
        throw new IOException("anvil did not start; see logs under " + logDir);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return port;
    }

    /** Raw JSON-RPC to this anvil (test set-up: mining, transactions, time travel). */
    public JsonNode rpc(String method, Object... params) throws Exception {
        return client.call(method, params);
    }

    /**
     * The receipt of a transaction, waiting up to 10 s for it: even with automine, anvil may answer
     * eth_getTransactionReceipt with null for a moment after eth_sendTransaction returned on a busy machine.
     */
    public JsonNode receipt(String txHash) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        JsonNode receipt = rpc("eth_getTransactionReceipt", txHash);
        while ((receipt == null || receipt.isNull()) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            receipt = rpc("eth_getTransactionReceipt", txHash);
        }
        if (receipt == null || receipt.isNull()) {
            throw new IllegalStateException("anvil mined no receipt for " + txHash + " within 10 s");
        }
        return receipt;
    }

    /** Mines {@code n} blocks. */
    public void mine(int n) throws Exception {
        rpc("anvil_mine", "0x" + Integer.toHexString(n));
    }

    public long blockNumber() throws Exception {
        return Long.decode(rpc("eth_blockNumber").asText());
    }

    @Override
    public void close() {
        client.close();
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    static Duration seconds(long s) {
        return Duration.ofSeconds(s);
    }
}
