package dev.dpm.chain.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A scripted JSON-RPC endpoint for unit tests: loopback, ephemeral port, one handler for every request. */
final class FakeRpcServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Answers one HTTP exchange; the request body has been parsed into {@code request}. */
    interface Handler {
        void handle(JsonNode request, HttpExchange exchange) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    FakeRpcServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(executor);
        server.createContext("/", ex -> {
            try (ex) {
                handler.handle(JSON.readTree(ex.getRequestBody().readAllBytes()), ex);
            } catch (Exception e) {
                // the client hung up or the script ended the exchange early
            }
        });
        server.start();
    }

    /** A server that answers every single call with {@code result} (same id). */
    static FakeRpcServer answering(Object result) throws IOException {
        return new FakeRpcServer((req, ex) -> send(ex, 200, JSON.writeValueAsBytes(
                JSON.createObjectNode().put("jsonrpc", "2.0").put("id", req.path("id").asLong())
                        .set("result", JSON.valueToTree(result)))));
    }

    static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/rpc");
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
