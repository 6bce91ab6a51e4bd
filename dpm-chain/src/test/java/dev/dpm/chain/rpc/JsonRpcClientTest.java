package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonRpcClientTest {

    /** A client whose call deadline (10 s) only keeps a broken test from hanging; no test here waits for it. */
    private static JsonRpcClient client(URI u) {
        return JsonRpcClient.builder(u).callTimeout(Duration.ofSeconds(10)).maxResponseBytes(64 * 1024).build();
    }

    @Test
    void returnsResultOfMatchingId() throws Exception {
        try (FakeRpcServer s = FakeRpcServer.answering("0x7a69"); JsonRpcClient c = client(s.uri())) {
            assertThat(c.call("eth_chainId").asText()).isEqualTo("0x7a69");
            assertThat(c.call("eth_chainId").asText()).isEqualTo("0x7a69");
        }
    }

    @Test
    void sendsWellFormedJsonRpc() throws Exception {
        JsonNode[] seen = new JsonNode[1];
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> {
            seen[0] = req;
            FakeRpcServer.send(ex, 200, ("{\"jsonrpc\":\"2.0\",\"id\":" + req.get("id") + ",\"result\":null}")
                    .getBytes(StandardCharsets.UTF_8));
        }); JsonRpcClient c = client(s.uri())) {
            assertThat(c.call("eth_getBlockByNumber", "latest", false).isNull()).isTrue();
            assertThat(seen[0].get("jsonrpc").asText()).isEqualTo("2.0");
            assertThat(seen[0].get("method").asText()).isEqualTo("eth_getBlockByNumber");
            assertThat(seen[0].get("params").toString()).isEqualTo("[\"latest\",false]");
        }
    }

    @Test
    void batchAnswersAreMatchedByIdWhateverTheirOrder() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> {
            ArrayNode out = FakeRpcServer.JSON.createArrayNode();
            for (int i = req.size() - 1; i >= 0; i--) { // reversed on purpose
                out.addObject().put("jsonrpc", "2.0").put("id", req.get(i).get("id").asLong())
                        .put("result", req.get(i).get("method").asText());
            }
            FakeRpcServer.send(ex, 200, FakeRpcServer.JSON.writeValueAsBytes(out));
        }); JsonRpcClient c = client(s.uri())) {
            List<JsonNode> r = c.batch(List.of(RpcRequest.of("a"), RpcRequest.of("b"), RpcRequest.of("c")));
            assertThat(r).extracting(JsonNode::asText).containsExactly("a", "b", "c");
        }
    }

    @Test
    void endpointWithoutBatchSupportGetsSingleCalls() throws Exception {
        java.util.concurrent.atomic.AtomicInteger batches = new java.util.concurrent.atomic.AtomicInteger();
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> {
            if (req.isArray()) {
                batches.incrementAndGet();
                FakeRpcServer.send(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"batch requests not supported\"}}"
                        .getBytes(StandardCharsets.UTF_8));
            } else {
                FakeRpcServer.send(ex, 200, ("{\"jsonrpc\":\"2.0\",\"id\":" + req.get("id") + ",\"result\":\""
                        + req.get("method").asText() + "\"}").getBytes(StandardCharsets.UTF_8));
            }
        }); JsonRpcClient c = client(s.uri())) {
            assertThat(c.batch(List.of(RpcRequest.of("a"), RpcRequest.of("b")))).extracting(JsonNode::asText)
                    .containsExactly("a", "b");
            assertThat(c.batching()).isFalse();
            assertThat(c.batch(List.of(RpcRequest.of("c"), RpcRequest.of("d")))).extracting(JsonNode::asText)
                    .containsExactly("c", "d");
            assertThat(batches.get()).isEqualTo(1);
        }
    }

    @Test
    void batchWithMissingAnswerIsMalformed() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 200,
                ("[{\"jsonrpc\":\"2.0\",\"id\":" + req.get(0).get("id") + ",\"result\":1}]")
                        .getBytes(StandardCharsets.UTF_8)));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.batch(List.of(RpcRequest.of("x"), RpcRequest.of("y"))))
                    .isInstanceOf(RpcMalformedResponseException.class)
                    .hasMessageContaining(s.uri().toString()).hasMessageContaining("y");
        }
    }

    @Test
    void errorObjectBecomesTypedErrorWithCodeAndData() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 200,
                ("{\"jsonrpc\":\"2.0\",\"id\":" + req.get("id") + ",\"error\":{\"code\":3,"
                        + "\"message\":\"execution reverted\",\"data\":\"0x08c379a0\"}}").getBytes(StandardCharsets.UTF_8)));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.call("eth_call")).isInstanceOfSatisfying(RpcErrorException.class, e -> {
                assertThat(e.code()).isEqualTo(3);
                assertThat(e.data()).isEqualTo("0x08c379a0");
                assertThat(e.endpoint()).isEqualTo(s.uri());
                assertThat(e.method()).isEqualTo("eth_call");
            }).hasMessageContaining("execution reverted");
        }
    }

    @Test
    void wrongIdIsMalformed() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 200,
                "{\"jsonrpc\":\"2.0\",\"id\":999999,\"result\":\"0x1\"}".getBytes(StandardCharsets.UTF_8)));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.call("eth_blockNumber")).isInstanceOf(RpcMalformedResponseException.class)
                    .hasMessageContaining("does not match");
        }
    }

    @Test
    void notJsonIsMalformedNamingEndpointAndMethod() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 200,
                "<html>gateway</html>".getBytes(StandardCharsets.UTF_8)));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.call("eth_blockNumber"))
                    .isInstanceOf(RpcMalformedResponseException.class)
                    .hasMessageContaining(s.uri().toString()).hasMessageContaining("eth_blockNumber");
        }
    }

    @Test
    void httpErrorStatusIsNamed() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 503,
                "busy".getBytes(StandardCharsets.UTF_8)));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.call("eth_blockNumber")).isInstanceOf(RpcEndpointException.class)
                    .hasMessageContaining("HTTP status 503");
        }
    }

    @Test
    void declaredOversizeIsRefusedBeforeReading() throws Exception {
        byte[] big = new byte[200 * 1024];
        Arrays.fill(big, (byte) ' ');
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> FakeRpcServer.send(ex, 200, big));
             JsonRpcClient c = client(s.uri())) {
            assertThatThrownBy(() -> c.call("eth_getLogs")).isInstanceOfSatisfying(
                    RpcResponseTooLargeException.class, e -> assertThat(e.limitBytes()).isEqualTo(64 * 1024));
        }
    }

    @Test
    void endlessChunkedAnswerIsCutAtTheBound() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream os = ex.getResponseBody();
            byte[] chunk = new byte[8192];
            Arrays.fill(chunk, (byte) ' ');
            while (true) { // until the client hangs up
                os.write(chunk);
            }
        }); JsonRpcClient c = client(s.uri())) {
            long t = System.nanoTime();
            assertThatThrownBy(() -> c.call("eth_getLogs")).isInstanceOf(RpcResponseTooLargeException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isLessThan(Duration.ofSeconds(6));
        }
    }

    @Test
    void tricklingAnswerHitsTheWholeCallDeadline() throws Exception {
        try (FakeRpcServer s = new FakeRpcServer((req, ex) -> {
            ex.sendResponseHeaders(200, 0);
            OutputStream os = ex.getResponseBody();
            for (int i = 0; i < 100; i++) { // one byte every 100 ms: each read is quick, the whole is not
                os.write(' ');
                os.flush();
                Thread.sleep(100);
            }
        }); JsonRpcClient c = JsonRpcClient.builder(s.uri()).callTimeout(Duration.ofMillis(700)).build()) {
            long t = System.nanoTime();
            assertThatThrownBy(() -> c.call("eth_blockNumber")).isInstanceOfSatisfying(RpcTimeoutException.class,
                    e -> assertThat(e.limit()).isEqualTo(Duration.ofMillis(700)));
            assertThat(Duration.ofNanos(System.nanoTime() - t)).isBetween(Duration.ofMillis(650), Duration.ofSeconds(6));
        }
    }

    @Test
    void silentServerTimesOut() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
             JsonRpcClient c = JsonRpcClient.builder(URI.create("http://127.0.0.1:" + silent.getLocalPort()))
                     .callTimeout(Duration.ofMillis(500)).build()) {
            assertThatThrownBy(() -> c.call("eth_chainId")).isInstanceOf(RpcTimeoutException.class)
                    .hasMessageContaining("127.0.0.1:" + silent.getLocalPort());
        }
    }

    @Test
    void refusedConnectionIsNamed() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (JsonRpcClient c = client(URI.create("http://127.0.0.1:" + port))) {
            assertThatThrownBy(() -> c.call("eth_chainId")).isInstanceOf(RpcEndpointException.class)
                    .hasMessageContaining("127.0.0.1:" + port).hasMessageContaining("eth_chainId")
                    .hasMessageContaining("connection refused (is the node running");
        }
    }

    @Test
    void refusesNonHttpEndpoints() {
        assertThatThrownBy(() -> JsonRpcClient.builder(URI.create("file:///etc/passwd")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
