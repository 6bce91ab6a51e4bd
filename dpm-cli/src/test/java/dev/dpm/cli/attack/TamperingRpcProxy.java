package dev.dpm.cli.attack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A JSON-RPC endpoint that forwards to an honest node and rewrites bytes inside the event data it
 * returns ({@code eth_getLogs}, and {@code eth_getBlockReceipts} so that a careful liar also rewrites
 * the receipts it is asked to prove): every occurrence of each configured byte string is replaced by
 * another of the same length, so the ABI encoding stays valid. Used to alter a release's manifest (an
 * extraneous dependency) with or without the matching CID. Loopback, ephemeral port.
 */
final class TamperingRpcProxy implements AutoCloseable {
    private static final HexFormat HEX = HexFormat.of();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, String> replacements = new LinkedHashMap<>();
    private final AtomicLong tampered = new AtomicLong();

    private TamperingRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static TamperingRpcProxy start(URI upstream) throws IOException {
        return new TamperingRpcProxy(upstream);
    }

    /** Replaces {@code from} by {@code to} (same length) wherever it occurs in event data. */
    synchronized TamperingRpcProxy replace(byte[] from, byte[] to) {
        if (from.length != to.length) {
            throw new IllegalArgumentException("a same-length rewrite keeps the ABI encoding valid");
        }
        replacements.put(HEX.formatHex(from), HEX.formatHex(to));
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** How many answers were actually altered. */
    long tampered() {
        return tampered.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] out = up.body();
            String request = new String(body, StandardCharsets.UTF_8);
            if (request.contains("eth_getLogs") || request.contains("eth_getBlockReceipts")) {
                String text = new String(out, StandardCharsets.UTF_8);
                String changed = text;
                synchronized (this) {
                    for (Map.Entry<String, String> r : replacements.entrySet()) {
                        changed = changed.replace(r.getKey(), r.getValue());
                    }
                }
                if (!changed.equals(text)) {
                    tampered.incrementAndGet();
                    out = changed.getBytes(StandardCharsets.UTF_8);
                }
            }
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, out.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // the client hung up: nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
