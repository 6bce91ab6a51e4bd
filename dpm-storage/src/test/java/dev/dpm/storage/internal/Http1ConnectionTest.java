package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client against a scripted socket: pipelined requests, chunked bodies, bounded heads. */
class Http1ConnectionTest {
    interface Script {
        void run(InputStream in, OutputStream out) throws Exception;
    }

    static URI serve(Script script) throws Exception {
        ServerSocket ss = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try (ss; Socket s = ss.accept()) {
                script.run(s.getInputStream(), s.getOutputStream());
            } catch (Exception e) {
                // the client hung up
            }
        });
        return URI.create("http://127.0.0.1:" + ss.getLocalPort());
    }

    @Test
    void readsPipelinedFixedAndChunkedResponses() throws Exception {
        URI u = serve((in, out) -> {
            byte[] buf = new byte[4096];
            int n = 0;
            String seen = "";
            while (!seen.contains("/b?") || !seen.endsWith("\r\n\r\n")) {
                n = in.read(buf);
                seen += new String(buf, 0, n, StandardCharsets.ISO_8859_1);
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc"
                    + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n1;x=y\r\nf\r\n0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200);
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            c.get("/a?format=raw", "application/vnd.ipld.raw");
            c.get("/b?format=raw", "application/vnd.ipld.raw");
            c.flush();
            Http1Connection.Head h1 = c.readHead();
            assertThat(h1.status()).isEqualTo(200);
            assertThat(new String(c.body(h1).readAllBytes())).isEqualTo("abc");
            Http1Connection.Head h2 = c.readHead();
            assertThat(h2.chunked()).isTrue();
            assertThat(new String(c.body(h2).readAllBytes())).isEqualTo("def");
        }
    }

    /**
     * An interim response (103 Early Hints from a CDN in front of a gateway, 100 Continue) precedes
     * the real one: it was returned as the response, so with pipelining every later response was
     * read as the answer to the request before it (and a block taken for another block's bytes).
     */
    @Test
    void interimResponsesAreSkipped() throws Exception {
        URI u = serve((in, out) -> {
            in.read(new byte[4096]);
            out.write(("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"
                    + "HTTP/1.1 100 Continue\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(200);
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            c.get("/a", "*/*");
            c.flush();
            Http1Connection.Head h = c.readHead();
            assertThat(h.status()).isEqualTo(200);
            assertThat(new String(c.body(h).readAllBytes())).isEqualTo("abc");
        }
    }

    @Test
    void endlessHeadersAreAProtocolViolation() throws Exception {
        URI u = serve((in, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] line = "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (true) {
                out.write(line);
            }
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            c.get("/x", "*/*");
            c.flush();
            assertThatThrownBy(c::readHead).isInstanceOf(Http1Connection.ProtocolException.class)
                    .hasMessageContaining("longer than");
        }
    }

    @Test
    void aTruncatedBodyIsAnError() throws Exception {
        URI u = serve((in, out) -> {
            in.read(new byte[1024]);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            c.get("/x", "*/*");
            c.flush();
            Http1Connection.Head h = c.readHead();
            assertThatThrownBy(() -> c.body(h).readAllBytes()).hasMessageContaining("missing");
        }
    }

    /** Reads a body with {@link Http1Connection#readBody}, collecting the pieces as they are handed over. */
    static final class Pieces {
        final StringBuilder text = new StringBuilder();
        int count;

        void add(ByteBuffer piece) {
            byte[] b = new byte[piece.remaining()];
            piece.get(b);
            text.append(new String(b, StandardCharsets.ISO_8859_1));
            count++;
        }
    }

    @Test
    void readsBodiesIntoADirectBufferPieceByPiece() throws Exception {
        URI u = serve((in, out) -> {
            in.read(new byte[4096]);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"
                    + "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"
                    + "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil the end").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
            c.get("/a", "*/*");
            c.get("/b", "*/*");
            c.get("/c", "*/*");
            c.flush();
            ByteBuffer dst = ByteBuffer.allocateDirect(64);
            Pieces fixed = new Pieces();
            assertThat(c.readBody(c.readHead(), dst, fixed::add)).isTrue();
            assertThat(fixed.text).hasToString("hello");
            assertThat(dst.position()).isEqualTo(5);
            dst.clear();
            Pieces chunked = new Pieces();
            assertThat(c.readBody(c.readHead(), dst, chunked::add)).isTrue();
            assertThat(chunked.text).hasToString("abcde");
            assertThat(chunked.count).isGreaterThanOrEqualTo(2); // one piece per chunk at least
            dst.clear();
            Pieces untilClose = new Pieces();
            assertThat(c.readBody(c.readHead(), dst, untilClose::add)).isTrue();
            assertThat(untilClose.text).hasToString("until the end");
            dst.flip();
            byte[] stored = new byte[dst.remaining()];
            dst.get(stored);
            assertThat(new String(stored, StandardCharsets.ISO_8859_1)).isEqualTo("until the end");
        }
    }

    @Test
    void aBodyLongerThanTheRoomIsRefusedHoweverItIsFramed() throws Exception {
        String[] answers = {
            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n",                      // announced too long
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n12345678\r\n", // a chunk too long
            "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + "x".repeat(50),           // a stream too long
        };
        for (String answer : answers) {
            URI u = serve((in, out) -> {
                in.read(new byte[4096]);
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(200);
            });
            try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(10), Duration.ofSeconds(10))) {
                c.get("/x", "*/*");
                c.flush();
                ByteBuffer dst = ByteBuffer.allocateDirect(16).limit(6);
                assertThat(c.readBody(c.readHead(), dst, p -> { })).as(answer).isFalse();
                assertThat(dst.position()).as(answer).isLessThanOrEqualTo(6);
            }
        }
    }

    @Test
    void aSilentPeerTimesOutAtTheReadTimeout() throws Exception {
        URI u = serve((in, out) -> {
            in.read(new byte[4096]);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nab".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(10_000); // then nothing more
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(2), Duration.ofMillis(400))) {
            c.get("/x", "*/*");
            c.flush();
            Http1Connection.Head h = c.readHead();
            long start = System.nanoTime();
            assertThatThrownBy(() -> c.readBody(h, ByteBuffer.allocateDirect(10), p -> { }))
                    .isInstanceOf(SocketTimeoutException.class).hasMessageContaining("400 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(c.isClosed()).isTrue();
        }
    }

    /**
     * HTTPS peers (public gateways) go through an SSLSocket instead of the channel: pipelined requests,
     * a fixed and a chunked body read piece by piece, against a TLS server with a certificate made by
     * keytool for 127.0.0.1 and trusted for this test only.
     */
    @Test
    void readsPipelinedBodiesOverTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path store = dir.resolve("tls.p12");
        String keytool = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "peer", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", "secret", "-keypass", "secret")
                .redirectErrorStream(true).redirectOutput(dir.resolve("keytool.log").toFile()).start();
        boolean exited = p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS); // bounded, unlike a pipe read
        if (!exited) {
            p.destroyForcibly();
        }
        String log = java.nio.file.Files.readString(dir.resolve("keytool.log"));
        assertThat(exited).as(log).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(store)) {
            ks.load(in, "secret".toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "secret".toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(ks);
        javax.net.ssl.SSLContext server = javax.net.ssl.SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        javax.net.ssl.SSLContext trusting = javax.net.ssl.SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);
        javax.net.ssl.SSLContext previous = javax.net.ssl.SSLContext.getDefault();
        byte[] big = new byte[300_000];
        new java.util.Random(9).nextBytes(big);
        try (javax.net.ssl.SSLServerSocket ss = (javax.net.ssl.SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = ss.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[4096];
                    String seen = "";
                    while (!seen.contains("/b ") || !seen.endsWith("\r\n\r\n")) {
                        seen += new String(buf, 0, in.read(buf), StandardCharsets.ISO_8859_1);
                    }
                    OutputStream out = s.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(big);
                    out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.sleep(500);
                } catch (Exception e) {
                    // the client hung up
                }
            });
            javax.net.ssl.SSLContext.setDefault(trusting);
            URI u = URI.create("https://127.0.0.1:" + ss.getLocalPort());
            try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(20), Duration.ofSeconds(20))) {
                c.get("/a", "*/*");
                c.get("/b", "*/*");
                c.flush();
                ByteBuffer dst = ByteBuffer.allocateDirect(big.length);
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                assertThat(c.readBody(c.readHead(), dst, md::update)).isTrue();
                assertThat(md.digest()).isEqualTo(java.security.MessageDigest.getInstance("SHA-256").digest(big));
                dst.flip();
                byte[] got = new byte[dst.remaining()];
                dst.get(got);
                assertThat(got).isEqualTo(big);
                Pieces chunked = new Pieces();
                assertThat(c.readBody(c.readHead(), ByteBuffer.allocateDirect(16), chunked::add)).isTrue();
                assertThat(chunked.text).hasToString("abc");
            }
        } finally {
            javax.net.ssl.SSLContext.setDefault(previous);
        }
    }
}
