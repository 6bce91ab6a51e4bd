package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A malicious JSON-RPC endpoint for tests: an HTTP server on a loopback ephemeral port that forwards to
 * an honest upstream (anvil) and tampers according to its {@link Mode}, switchable at any time. Reused
 * by the attack suite (issue 5): lives in dpm-chain's test sources, package {@code dev.dpm.chain.rpc}.
 */
public final class LyingRpcProxy implements AutoCloseable {

    /** What the proxy does to the traffic. */
    public enum Mode {
        /** Forward unchanged. */
        HONEST,
        /**
         * Rewrite answers: every {@code eth_call} result has its last byte flipped, every
         * {@code eth_getProof} storage value is increased by one (the proof nodes stay honest), every
         * non-empty {@code eth_getLogs} answer loses its last log (hiding, say, a yank), and so does the
         * last receipt with logs in every {@code eth_getBlockReceipts} answer.
         */
        REWRITE,
        /** Answer "latest" (head, block number) from the fixed block set by {@link #replayBlock(long)}. */
        REPLAY_OLD_BLOCK,
        /** Freeze the head: "latest" stays the head seen when this mode was set. */
        FREEZE_HEAD,
        /**
         * Answer state reads ({@code eth_call}, {@code eth_getProof}, {@code eth_getStorageAt}) from the
         * block set by {@link #replayBlock(long)} whatever block was asked for.
         */
        MIX_BLOCKS,
        /** Tamper with block headers: the state root of every returned block is replaced, the hash kept. */
        FORGE_HEADER,
        /**
         * Serve history from another chain: {@code eth_getBlockByNumber} of an explicit number is forwarded
         * to the upstream set by {@link #spliceFrom(URI)} (each such header is self-consistent, but the
         * chain of parent hashes breaks).
         */
        SPLICE,
        /**
         * Serve some headers from another chain: every {@code eth_getBlockByNumber} of an explicit number in
         * the range set by {@link #spliceRange(long, long)}, alone or in a batch, is answered from the
         * upstream set by {@link #spliceFrom(URI)}; everything else, "latest" included, from the upstream.
         */
        SPLICE_RANGE,
        /** Answer with an endless stream of JSON whitespace, {@link #oversizeBytes(long)} long. */
        OVERSIZE,
        /** Answer something that is not JSON. */
        MALFORMED,
        /** Send the status line and the first byte at once, the rest after {@link #delay(Duration)}. */
        SLOW
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.HONEST;
    private volatile long replayBlock = 0;
    private volatile Long frozenHead;
    private volatile Duration delay = Duration.ofSeconds(10);
    private volatile long oversizeBytes = 64L << 20;
    private volatile URI spliceFrom;
    private volatile long spliceLow;
    private volatile long spliceHigh = -1;

    private LyingRpcProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts an honest proxy in front of {@code upstream}; set a mode to make it lie. */
    public static LyingRpcProxy start(URI upstream) throws IOException {
        return new LyingRpcProxy(upstream);
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public LyingRpcProxy mode(Mode m) {
        if (m == Mode.FREEZE_HEAD) {
            frozenHead = null;
        }
        this.mode = m;
        return this;
    }

    public Mode mode() {
        return mode;
    }

    /** The block REPLAY_OLD_BLOCK and MIX_BLOCKS answer from. */
    public LyingRpcProxy replayBlock(long number) {
        this.replayBlock = number;
        return this;
    }

    /** How long SLOW holds back its answer. */
    public LyingRpcProxy delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** How many bytes OVERSIZE sends at most. */
    public LyingRpcProxy oversizeBytes(long n) {
        this.oversizeBytes = n;
        return this;
    }

    /** The other chain SPLICE takes historical headers from. */
    public LyingRpcProxy spliceFrom(URI other) {
        this.spliceFrom = other;
        return this;
    }

    /** The block numbers SPLICE_RANGE answers from the other chain, both included. */
    public LyingRpcProxy spliceRange(long low, long high) {
        this.spliceLow = low;
        this.spliceHigh = high;
        return this;
    }

    /** How many times a method was asked through this proxy. */
    public long calls(String method) {
        AtomicLong n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            Mode m = mode;
            switch (m) {
                case OVERSIZE -> {
                    sendOversize(ex);
                    return;
                }
                case MALFORMED -> {
                    send(ex, "<html>502 Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                default -> {
                }
            }
            JsonNode request = JSON.readTree(body);
            if (m == Mode.SPLICE && request.isArray() && request.size() > 0
                    && request.get(0).path("method").asText().equals("eth_getBlockByNumber")
                    && !request.get(0).path("params").path(0).asText().equals("latest")) {
                // a batch of historical headers (the walk): answer it from the other chain
                HttpResponse<byte[]> other = http.send(HttpRequest.newBuilder(spliceFrom)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                send(ex, other.body());
                return;
            }
            forEachCall(request, call -> {
                calls.computeIfAbsent(call.path("method").asText(), k -> new AtomicLong()).incrementAndGet();
                rewriteRequest(m, (ObjectNode) call);
            });
            HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            JsonNode response = JSON.readTree(up.body());
            Map<Long, String> methodById = new ConcurrentHashMap<>();
            forEachCall(request, call -> methodById.put(call.path("id").asLong(), call.path("method").asText()));
            forEachCall(response, answer -> rewriteAnswer(m, methodById.get(answer.path("id").asLong()),
                    (ObjectNode) answer));
            if (m == Mode.SPLICE_RANGE) {
                response = spliceRange(request, response);
            }
            byte[] out = JSON.writeValueAsBytes(response);
            if (m == Mode.SLOW) {
                sendSlowly(ex, out);
            } else {
                send(ex, out);
            }
        } catch (IOException | RuntimeException e) {
            // the client hung up (oversize, timeouts): nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private interface CallVisitor {
        void visit(JsonNode node) throws IOException, InterruptedException;
    }

    private static void forEachCall(JsonNode n, CallVisitor v) throws IOException, InterruptedException {
        if (n.isArray()) {
            for (JsonNode c : n) {
                v.visit(c);
            }
        } else if (n.isObject()) {
            v.visit(n);
        }
    }

    private void rewriteRequest(Mode m, ObjectNode call) throws IOException, InterruptedException {
        String method = call.path("method").asText();
        JsonNode params = call.path("params");
        if (!params.isArray()) {
            return;
        }
        ArrayNode p = (ArrayNode) params;
        if ((m == Mode.REPLAY_OLD_BLOCK || m == Mode.FREEZE_HEAD) && method.equals("eth_getBlockByNumber")
                && p.size() > 0 && p.get(0).asText().equals("latest")) {
            long n = m == Mode.REPLAY_OLD_BLOCK ? replayBlock : frozen();
            p.set(0, TextNode.valueOf("0x" + Long.toHexString(n)));
        }
        if (m == Mode.MIX_BLOCKS) {
            int at = switch (method) {
                case "eth_call" -> 1;
                case "eth_getProof", "eth_getStorageAt" -> 2;
                default -> -1;
            };
            if (at >= 0 && p.size() > at) {
                p.set(at, TextNode.valueOf("0x" + Long.toHexString(replayBlock)));
            }
        }
    }

    private JsonNode spliceRange(JsonNode request, JsonNode response) throws IOException, InterruptedException {
        java.util.Set<Long> spliced = new java.util.HashSet<>();
        forEachCall(request, call -> {
            String at = call.path("params").path(0).asText();
            if (call.path("method").asText().equals("eth_getBlockByNumber") && at.startsWith("0x")) {
                long n = Long.decode(at);
                if (n >= spliceLow && n <= spliceHigh) {
                    spliced.add(call.path("id").asLong());
                }
            }
        });
        if (spliced.isEmpty()) {
            return response;
        }
        HttpResponse<byte[]> other = http.send(HttpRequest.newBuilder(spliceFrom)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(request))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        Map<Long, JsonNode> fromOther = new ConcurrentHashMap<>();
        forEachCall(JSON.readTree(other.body()), answer -> fromOther.put(answer.path("id").asLong(), answer));
        if (!response.isArray()) {
            return spliced.contains(response.path("id").asLong()) ? fromOther.get(response.path("id").asLong())
                    : response;
        }
        ArrayNode out = JSON.createArrayNode();
        for (JsonNode answer : response) {
            long id = answer.path("id").asLong();
            out.add(spliced.contains(id) ? fromOther.get(id) : answer);
        }
        return out;
    }

    private long frozen() throws IOException, InterruptedException {
        Long f = frozenHead;
        if (f == null) {
            String req = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\",\"params\":[]}";
            HttpResponse<byte[]> up = http.send(HttpRequest.newBuilder(upstream)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(req)).build(), HttpResponse.BodyHandlers.ofByteArray());
            f = Long.decode(JSON.readTree(up.body()).path("result").asText());
            frozenHead = f;
        }
        return f;
    }

    private void rewriteAnswer(Mode m, String method, ObjectNode answer) throws IOException, InterruptedException {
        JsonNode result = answer.get("result");
        if (method == null || result == null) {
            return;
        }
        switch (m) {
            case REWRITE -> {
                if (method.equals("eth_call") && result.isTextual() && result.asText().length() > 2) {
                    byte[] b = BlockHeader.unhex(result.asText());
                    b[b.length - 1] ^= 0x01;
                    answer.put("result", BlockHeader.hex(b));
                } else if (method.equals("eth_getLogs") && result.isArray() && result.size() > 0) {
                    ((ArrayNode) result).remove(result.size() - 1);
                } else if (method.equals("eth_getBlockReceipts") && result.isArray()) {
                    for (int i = result.size() - 1; i >= 0; i--) {
                        JsonNode logs = result.get(i).path("logs");
                        if (logs.isArray() && logs.size() > 0) {
                            ((ArrayNode) logs).remove(logs.size() - 1);
                            break;
                        }
                    }
                } else if (method.equals("eth_getProof") && result.isObject()) {
                    for (JsonNode sp : result.path("storageProof")) {
                        BigInteger v = new BigInteger(sp.path("value").asText().substring(2), 16);
                        ((ObjectNode) sp).put("value", "0x" + v.add(BigInteger.ONE).toString(16));
                    }
                }
            }
            case REPLAY_OLD_BLOCK, FREEZE_HEAD -> {
                if (method.equals("eth_blockNumber")) {
                    long n = m == Mode.REPLAY_OLD_BLOCK ? replayBlock : frozen();
                    answer.put("result", "0x" + Long.toHexString(n));
                }
            }
            case FORGE_HEADER -> {
                if (method.startsWith("eth_getBlockBy") && result.isObject()) {
                    byte[] root = BlockHeader.unhex(result.path("stateRoot").asText());
                    Arrays.fill(root, 0, 4, (byte) 0x66);
                    ((ObjectNode) result).put("stateRoot", BlockHeader.hex(root));
                }
            }
            default -> {
            }
        }
    }

    private static void send(HttpExchange ex, byte[] out) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        ex.getResponseBody().write(out);
    }

    private void sendSlowly(HttpExchange ex, byte[] out) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.length);
        OutputStream os = ex.getResponseBody();
        os.write(out, 0, 1);
        os.flush();
        Thread.sleep(delay.toMillis());
        os.write(out, 1, out.length - 1);
    }

    private void sendOversize(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, 0); // chunked: no Content-Length to refuse up front
        OutputStream os = ex.getResponseBody();
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) ' ');
        os.write('[');
        for (long sent = 1; sent < oversizeBytes; sent += chunk.length) {
            os.write(chunk);
        }
        os.write(']');
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
        executor.shutdownNow();
    }
}
