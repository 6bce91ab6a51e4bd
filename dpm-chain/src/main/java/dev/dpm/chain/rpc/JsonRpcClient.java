package dev.dpm.chain.rpc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON-RPC 2.0 over HTTP to one endpoint, with bounded size and time: an answer larger than
 * {@link Builder#maxResponseBytes} is cut off, a connection not made within {@link Builder#connectTimeout}
 * or an answer not complete within {@link Builder#callTimeout} (the whole call, body included) fails.
 * Every failure is an {@link RpcEndpointException} naming the endpoint and the method. Thread-safe.
 */
public final class JsonRpcClient implements AutoCloseable {
    /** Default bound on one answer: 16 MiB. */
    public static final long DEFAULT_MAX_RESPONSE_BYTES = 16L << 20;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI endpoint;
    private final long maxResponseBytes;
    private final Duration callTimeout;
    private final HttpClient http;
    private final AtomicLong ids = new AtomicLong(1);
    /** Cleared when the endpoint refuses a batch; then batches are sent as single calls. */
    private volatile boolean batching;

    private JsonRpcClient(Builder b) {
        this.endpoint = b.endpoint;
        this.maxResponseBytes = b.maxResponseBytes;
        this.callTimeout = b.callTimeout;
        this.batching = b.batching;
        this.http = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    /** Whether batches are sent as batches (false once the endpoint refused one). */
    public boolean batching() {
        return batching;
    }

    /** The endpoint this client talks to. */
    public URI endpoint() {
        return endpoint;
    }

    /**
     * Calls one method and returns its {@code result} (never null; a JSON {@code null} result is a
     * {@code NullNode}).
     *
     * @throws RpcErrorException    the endpoint answered with a JSON-RPC error object
     * @throws RpcEndpointException any other failure (timeout, size, malformed, transport)
     */
    public JsonNode call(String method, Object... params) throws RpcEndpointException {
        return call(new RpcRequest(method, List.of(params)));
    }

    /** Calls one method, see {@link #call(String, Object...)}. */
    public JsonNode call(RpcRequest request) throws RpcEndpointException {
        long id = ids.getAndIncrement();
        ObjectNode body = envelope(request, id);
        JsonNode answer = exchange(request.method(), body);
        return resultOf(request.method(), answer, id);
    }

    /**
     * Sends the requests as one JSON-RPC batch and returns their results in request order. Any error
     * object in the batch fails the whole batch with that error. An endpoint that answers a batch with a
     * single error object (batches not supported) gets the requests one by one, now and from then on.
     */
    public List<JsonNode> batch(List<RpcRequest> requests) throws RpcEndpointException {
        if (requests.isEmpty()) {
            return List.of();
        }
        if (requests.size() == 1 || !batching) {
            List<JsonNode> out = new ArrayList<>();
            for (RpcRequest r : requests) {
                out.add(call(r));
            }
            return out;
        }
        String label = "batch[" + requests.get(0).method() + (requests.size() > 1 ? ",…" : "") + "]";
        ArrayNode array = JSON.createArrayNode();
        long first = ids.getAndAdd(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            array.add(envelope(requests.get(i), first + i));
        }
        JsonNode answer = exchange(label, array);
        if (!answer.isArray()) {
            if (answer.isObject() && answer.hasNonNull("error")) {
                // a server without batch support answers a batch with one error object
                batching = false;
                return batch(requests);
            }
            throw new RpcMalformedResponseException(endpoint, label, "a batch answer must be a JSON array");
        }
        JsonNode[] byIndex = new JsonNode[requests.size()];
        for (JsonNode one : answer) {
            JsonNode idNode = one.get("id");
            if (idNode == null || !idNode.canConvertToLong()) {
                throw new RpcMalformedResponseException(endpoint, label, "batch member without a numeric id");
            }
            long idx = idNode.asLong() - first;
            if (idx < 0 || idx >= requests.size() || byIndex[(int) idx] != null) {
                throw new RpcMalformedResponseException(endpoint, label, "unexpected or repeated id " + idNode);
            }
            byIndex[(int) idx] = one;
        }
        List<JsonNode> results = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            if (byIndex[i] == null) {
                throw new RpcMalformedResponseException(endpoint, requests.get(i).method(),
                        "batch answer lacks id " + (first + i));
            }
            results.add(resultOf(requests.get(i).method(), byIndex[i], first + i));
        }
        return results;
    }

    private static ObjectNode envelope(RpcRequest request, long id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("jsonrpc", "2.0");
        o.put("id", id);
        o.put("method", request.method());
        o.set("params", JSON.valueToTree(request.params()));
        return o;
    }

    private JsonNode resultOf(String method, JsonNode answer, long id) throws RpcEndpointException {
        if (!answer.isObject()) {
            throw new RpcMalformedResponseException(endpoint, method, "not a JSON object");
        }
        JsonNode error = answer.get("error");
        if (error != null && !error.isNull()) {
            JsonNode data = error.get("data");
            throw new RpcErrorException(endpoint, method, error.path("code").asLong(0),
                    truncate(error.path("message").asText("(no message)")),
                    data == null || data.isNull() ? null : (data.isTextual() ? data.asText() : data.toString()));
        }
        if (answer.path("id").asLong(-1) != id) {
            throw new RpcMalformedResponseException(endpoint, method, "answer id " + answer.get("id")
                    + " does not match request id " + id);
        }
        JsonNode result = answer.get("result");
        if (result == null) {
            throw new RpcMalformedResponseException(endpoint, method, "neither result nor error");
        }
        return result;
    }

    private JsonNode exchange(String method, JsonNode body) throws RpcEndpointException {
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("parameters of " + method + " are not serialisable", e);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(callTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payload))
                .build();
        CompletableFuture<HttpResponse<byte[]>> future =
                http.sendAsync(request, info -> new BoundedSubscriber(info, maxResponseBytes));
        HttpResponse<byte[]> response;
        try {
            // the whole call, body included, must finish within callTimeout
            response = future.get(callTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new RpcTimeoutException(endpoint, method, callTimeout);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new RpcEndpointException(endpoint, method, "interrupted", e);
        } catch (CancellationException e) {
            throw new RpcEndpointException(endpoint, method, "cancelled", e);
        } catch (ExecutionException e) {
            throw translate(method, e.getCause());
        }
        if (response.statusCode() != 200) {
            throw new RpcEndpointException(endpoint, method, "HTTP status " + response.statusCode()
                    + (response.body().length > 0 ? ": " + truncate(new String(response.body(),
                    StandardCharsets.UTF_8)) : ""));
        }
        try {
            JsonNode tree = JSON.readTree(response.body());
            if (tree == null || tree.isMissingNode()) {
                throw new RpcMalformedResponseException(endpoint, method, "empty body");
            }
            return tree;
        } catch (IOException e) {
            throw new RpcMalformedResponseException(endpoint, method, "not JSON: " + truncate(e.getMessage()), e);
        }
    }

    private RpcEndpointException translate(String method, Throwable cause) {
        Throwable c = cause;
        while (c != null) {
            if (c instanceof TooLarge) {
                return new RpcResponseTooLargeException(endpoint, method, maxResponseBytes);
            }
            if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException) {
                return new RpcTimeoutException(endpoint, method, callTimeout);
            }
            if (c instanceof java.net.ConnectException) {
                // the usual user mistake: the node is not running or the URL's port is wrong
                return new RpcEndpointException(endpoint, method,
                        "connection refused (is the node running, and is the URL right?)", cause);
            }
            c = c.getCause();
        }
        return new RpcEndpointException(endpoint, method, "transport failure: " + cause, cause);
    }

    private static String truncate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        http.close();
    }

    /** Marks the size bound being exceeded inside the HTTP client's future. */
    private static final class TooLarge extends IOException {
        TooLarge() {
            super("answer exceeds size bound");
        }
    }

    /** Collects the body and cancels the exchange as soon as it exceeds the bound. */
    private static final class BoundedSubscriber implements HttpResponse.BodySubscriber<byte[]> {
        private final long limit;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private Flow.Subscription subscription;

        BoundedSubscriber(HttpResponse.ResponseInfo info, long limit) {
            this.limit = limit;
            long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (declared > limit) {
                result.completeExceptionally(new TooLarge());
            }
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            this.subscription = s;
            if (result.isDone()) {
                s.cancel();
            } else {
                s.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            if (result.isDone()) {
                return;
            }
            for (ByteBuffer b : buffers) {
                if (out.size() + (long) b.remaining() > limit) {
                    result.completeExceptionally(new TooLarge());
                    subscription.cancel();
                    return;
                }
                byte[] chunk = new byte[b.remaining()];
                b.get(chunk);
                out.write(chunk, 0, chunk.length);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(out.toByteArray());
        }
    }

    /** Configuration of a {@link JsonRpcClient}. */
    public static final class Builder {
        private final URI endpoint;
        private long maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration callTimeout = DEFAULT_CALL_TIMEOUT;
        private boolean batching = true;

        private Builder(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme)) {
                throw new IllegalArgumentException("RPC endpoint must be http(s): " + endpoint);
            }
        }

        /** Largest answer accepted, in bytes (default 16 MiB). */
        public Builder maxResponseBytes(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxResponseBytes must be positive");
            }
            this.maxResponseBytes = bytes;
            return this;
        }

        /** Time to establish the TCP/TLS connection (default 5 s). */
        public Builder connectTimeout(Duration d) {
            this.connectTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Deadline of one whole call, from sending to the last byte of the answer (default 30 s). */
        public Builder callTimeout(Duration d) {
            this.callTimeout = Objects.requireNonNull(d);
            return this;
        }

        /** Whether to send JSON-RPC batches (default true; turned off by itself if the endpoint refuses one). */
        public Builder batching(boolean on) {
            this.batching = on;
            return this;
        }

        public JsonRpcClient build() {
            return new JsonRpcClient(this);
        }
    }
}
