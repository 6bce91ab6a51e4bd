package dev.dpm.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.devnet.DevnetAccounts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;

/** The sender against endpoints that misbehave (no node needed). */
class TransactionSenderTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * A scripted node: answers what a send needs (chain id 31337, a block, nonce, gas price, accepts the
     * transaction), and every receipt or transaction lookup with the JSON-RPC error {@code receiptError}.
     */
    private static com.sun.net.httpserver.HttpServer nodeFailingReceipts(String receiptError) throws IOException {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", ex -> {
            try (ex) {
                com.fasterxml.jackson.databind.JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
                com.fasterxml.jackson.databind.node.ObjectNode answer = JSON.createObjectNode();
                answer.put("jsonrpc", "2.0");
                answer.set("id", req.get("id"));
                switch (req.get("method").asText()) {
                    case "eth_chainId" -> answer.put("result", "0x7a69");
                    case "eth_getBlockByNumber" -> answer.set("result", JSON.readTree("{\"number\":\"0x1\","
                            + "\"hash\":\"0x" + "ab".repeat(32) + "\",\"gasLimit\":\"0x1c9c380\","
                            + "\"transactions\":[],\"uncles\":[]}"));
                    case "eth_getTransactionCount" -> answer.put("result", "0x0");
                    case "eth_gasPrice" -> answer.put("result", "0x3b9aca00");
                    case "eth_sendRawTransaction" -> answer.put("result", "0x" + "cd".repeat(32));
                    default -> answer.set("error", JSON.createObjectNode().put("code", -32000)
                            .put("message", receiptError));
                }
                byte[] body = JSON.writeValueAsBytes(answer);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
        });
        server.start();
        return server;
    }

    @Test
    void aTransactionNeverConfirmedNamesWhyItsReceiptCouldNotBeRead() throws Exception {
        com.sun.net.httpserver.HttpServer node = nodeFailingReceipts("receipts unavailable: node is syncing");
        try (TransactionSender sender = TransactionSender.builder("http://127.0.0.1:" + node.getAddress().getPort(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(0)), 31337).pollInterval(Duration.ofMillis(50))
                .lostAfter(Duration.ofMillis(200)).timeout(Duration.ofSeconds(1)).build()) {
            TxRequest request = new TxRequest("0x" + "11".repeat(20), "0x", java.math.BigInteger.valueOf(50_000),
                    "test call");
            // before: 'was not confirmed ... within 1 s': every failed receipt poll was dropped, so the
            // endpoint's own answer, the reason, never reached the user
            assertThatThrownBy(() -> sender.sendAll(java.util.List.of(request)))
                    .isInstanceOf(TransactionLostException.class)
                    .hasMessageContaining("test call")
                    .hasMessageContaining("receipts unavailable: node is syncing");
        } finally {
            node.stop(0);
        }
    }

    /**
     * An endpoint that answers every request with a 200 head announcing a large body, then sends one
     * byte of it (JSON whitespace) every 500 ms: never silent for long, never done.
     */
    private static final class TricklingEndpoint implements AutoCloseable {
        private final ServerSocket server;
        private final Thread acceptor;

        TricklingEndpoint() throws IOException {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread.ofVirtual().start(() -> trickle(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        String url() {
            return "http://127.0.0.1:" + server.getLocalPort();
        }

        private void trickle(Socket s) {
            try (s) {
                InputStream in = s.getInputStream();
                // the request head, up to its blank line (the body is never read: we answer anyway)
                int matched = 0;
                while (matched < 4) {
                    int c = in.read();
                    if (c < 0) {
                        return;
                    }
                    matched = (c == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (c == '\r' ? 1 : 0);
                }
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                for (int i = 0; i < 100_000 && !server.isClosed(); i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    @Test
    void anEndpointThatTricklesItsAnswerFailsTheCallInsteadOfHoldingItForever() throws Exception {
        try (TricklingEndpoint endpoint = new TricklingEndpoint();
                TransactionSender sender = TransactionSender.builder(endpoint.url(),
                        Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(0)), 31337)
                        .callTimeout(Duration.ofSeconds(2)).build()) {
            long start = System.nanoTime();
            // before: OkHttp's read timeout (10 s of silence) never fired and no call deadline was set:
            // the call (and a publish waiting on receipts) waited for the whole 50 000 s body
            assertTimeoutPreemptively(Duration.ofSeconds(60), () -> assertThatThrownBy(sender::blockGasLimit)
                    .isInstanceOf(ChainException.class).hasMessageContaining(endpoint.url()));
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertThat(ms).isLessThan(15_000);
        }
    }
}
