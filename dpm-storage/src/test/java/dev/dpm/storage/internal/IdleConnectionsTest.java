package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool of idle connections against a loopback server socket whose side of each connection the test holds. */
class IdleConnectionsTest {
    ServerSocket server;
    final LinkedBlockingQueue<Socket> accepted = new LinkedBlockingQueue<>();
    URI url;

    @BeforeEach
    void listen() throws IOException {
        server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        url = URI.create("http://127.0.0.1:" + server.getLocalPort());
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setSoTimeout(10_000); // a read the client should have ended fails the test, not hangs it
                    accepted.add(s);
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    /** A new connection and the server's end of it. */
    record Pair(Http1Connection client, Socket server) {
    }

    Pair connect() throws Exception {
        Http1Connection c = new Http1Connection(url, Duration.ofSeconds(10), Duration.ofSeconds(10));
        Socket s = accepted.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("the server's end, accepted").isNotNull();
        return new Pair(c, s);
    }

    @Test
    void keepsAtMostTheBoundPerPeerAndGivesTheNewestFirst() throws Exception {
        IdleConnections<String> pool = new IdleConnections<>(2, Duration.ofSeconds(30));
        Pair a = connect();
        Pair b = connect();
        Pair c = connect();
        Pair other = connect();
        assertThat(pool.offer("p", a.client())).isTrue();
        assertThat(pool.offer("p", b.client())).isTrue();
        assertThat(pool.offer("p", c.client())).isFalse();
        assertThat(c.client().isClosed()).isTrue();
        assertThat(pool.offer("q", other.client())).isTrue();
        assertThat(pool.idleCount("p")).isEqualTo(2);
        Http1Connection taken = pool.take("p");
        assertThat(taken).isSameAs(b.client());
        assertThat(taken.isReusedAndUnanswered()).isTrue();
        assertThat(pool.take("p")).isSameAs(a.client());
        assertThat(pool.take("p")).isNull();
        assertThat(pool.take("q")).isSameAs(other.client());
        pool.close();
    }

    @Test
    void skipsAndClosesConnectionsThePeerClosedOrWroteOn() throws Exception {
        IdleConnections<String> pool = new IdleConnections<>(4, Duration.ofSeconds(30));
        Pair good = connect();
        Pair closedByPeer = connect();
        Pair unsolicited = connect();
        pool.offer("p", good.client());
        pool.offer("p", closedByPeer.client());
        pool.offer("p", unsolicited.client());
        unsolicited.server().getOutputStream().write("HTTP/1.1 408 Request Timeout\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        closedByPeer.server().close();
        Thread.sleep(100); // let the FIN and the bytes arrive
        assertThat(pool.take("p")).isSameAs(good.client());
        assertThat(unsolicited.client().isClosed()).isTrue();
        assertThat(closedByPeer.client().isClosed()).isTrue();
        assertThat(pool.take("p")).isNull();
        pool.close();
    }

    @Test
    void aReusedConnectionIsUnansweredOnlyUntilItsFirstByte() throws Exception {
        IdleConnections<String> pool = new IdleConnections<>(1, Duration.ofSeconds(30));
        Pair p = connect();
        assertThat(p.client().isReusedAndUnanswered()).as("never pooled").isFalse();
        pool.offer("p", p.client());
        Http1Connection c = pool.take("p");
        assertThat(c.isReusedAndUnanswered()).isTrue();
        c.get("/x", "*/*");
        c.flush();
        p.server().getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(c.readHead().status()).isEqualTo(204);
        assertThat(c.isReusedAndUnanswered()).isFalse();
        c.close();
        pool.close();
    }

    @Test
    void idleConnectionsExpireWithoutAnyCallAndCloseClosesTheRest() throws Exception {
        IdleConnections<String> shortLived = new IdleConnections<>(2, Duration.ofMillis(200));
        Pair a = connect();
        shortLived.offer("p", a.client());
        long start = System.nanoTime(); // due within 1.2 s (the timeout plus the sweeper's period)
        while (!a.client().isClosed() && System.nanoTime() - start < 10_000_000_000L) {
            Thread.sleep(10);
        }
        assertThat(a.client().isClosed()).as("closed by the sweeper within 10 s").isTrue();
        assertThat(shortLived.idleCount("p")).isZero();
        assertThat(a.server().getInputStream().read()).as("the server sees the end").isEqualTo(-1);

        IdleConnections<String> pool = new IdleConnections<>(2, Duration.ofSeconds(30));
        Pair b = connect();
        Pair c = connect();
        pool.offer("p", b.client());
        pool.close();
        assertThat(b.client().isClosed()).isTrue();
        assertThat(pool.offer("p", c.client())).as("offered after close").isFalse();
        assertThat(c.client().isClosed()).isTrue();
        for (Pair x : List.of(b, c)) {
            assertThat(x.server().getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void aConnectionWithARequestNotYetSentIsNotKept() throws Exception {
        IdleConnections<String> pool = new IdleConnections<>(2, Duration.ofSeconds(30));
        Pair a = connect();
        a.client().get("/x", "*/*");
        assertThat(pool.offer("p", a.client())).isFalse();
        assertThat(a.client().isClosed()).isTrue();
        pool.close();
    }
}
