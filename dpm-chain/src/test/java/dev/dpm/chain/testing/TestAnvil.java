package dev.dpm.chain.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.web3j.crypto.Credentials;

/** An anvil process for one test class: loopback, port 0, stopped by {@link #close()}. */
public final class TestAnvil implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final String rpc;
    private final HttpClient http = HttpClient.newHttpClient();
    private final VerifiedChainReader reader;

    private TestAnvil(Process process, String rpc) {
        this.process = process;
        this.rpc = rpc;
        this.reader = VerifiedChainReader.builder().endpoint(URI.create(rpc)).chainId(Devnet.CHAIN_ID).build();
    }

    public static Path repoRoot() {
        String root = System.getProperty("dpm.repo.root");
        if (root == null) {
            throw new IllegalStateException("system property dpm.repo.root is not set (run through Maven)");
        }
        return Path.of(root);
    }

    /** Starts anvil with {@code extraArgs} (e.g. {@code --block-time 1}); without them it mines on every transaction. */
    public static TestAnvil start(Path dir, String... extraArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Devnet.anvilIn(repoRoot()).toString(), "--host", "127.0.0.1",
                "--port", "0", "--chain-id", Long.toString(Devnet.CHAIN_ID)));
        cmd.addAll(List.of(extraArgs));
        Path log = Files.createTempFile(dir, "anvil", ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new TestAnvil(p, "http://127.0.0.1:" + m.group(1));
            }
            if (!p.isAlive()) {
                throw new IOException("anvil exited: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new IOException("anvil did not start");
    }

    public String rpc() {
        return rpc;
    }

    /** A view pinned to the current head (through the RPC trust layer's reader, single endpoint). */
    public ChainView view() throws dev.dpm.chain.ChainException {
        return reader.pin();
    }

    /** A sender for anvil account {@code i}. */
    public TransactionSender sender(int i) {
        return TransactionSender.builder(rpc, Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(i)), Devnet.CHAIN_ID)
                .pollInterval(Duration.ofMillis(50)).build();
    }

    /** A raw JSON-RPC call (anvil's test methods: evm_increaseTime, evm_mine, anvil_dropTransaction...). */
    public JsonNode call(String method, Object... params) throws IOException, InterruptedException {
        String body = JSON.writeValueAsString(java.util.Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                "params", List.of(params)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(rpc))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        if (n.has("error")) {
            throw new IOException(method + ": " + n.get("error"));
        }
        return n.get("result");
    }

    @Override
    public void close() {
        reader.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
