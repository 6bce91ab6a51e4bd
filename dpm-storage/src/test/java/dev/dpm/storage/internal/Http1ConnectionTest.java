package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
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
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
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

    @Test
    void endlessHeadersAreAProtocolViolation() throws Exception {
        URI u = serve((in, out) -> {
            out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] line = "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (true) {
                out.write(line);
            }
        });
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
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
        try (Http1Connection c = new Http1Connection(u, Duration.ofSeconds(2), Duration.ofSeconds(2))) {
            c.get("/x", "*/*");
            c.flush();
            Http1Connection.Head h = c.readHead();
            assertThatThrownBy(() -> c.body(h).readAllBytes()).hasMessageContaining("missing");
        }
    }
}
