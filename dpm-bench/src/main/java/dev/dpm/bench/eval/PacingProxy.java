package dev.dpm.bench.eval;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP proxy whose responses (target to client) share one egress budget of
 * {@code bytesPerSecond}, FIFO-paced in 16 KiB slices: the mirror's uplink. nginx's own
 * {@code limit_rate} is per connection, so without this C clients would get C times the cap.
 * Closing stops accepting and closes every open connection.
 */
final class PacingProxy implements AutoCloseable {
    private static final int SLICE = 16 * 1024;
    private final ServerSocket server;
    private final int targetPort;
    private final double nanosPerByte;
    private final long burstNanos;
    private final List<Socket> open = new ArrayList<>();
    private long next; // the virtual time at which the budget is next free
    private volatile boolean closed;

    PacingProxy(int targetPort, long bytesPerSecond) throws IOException {
        this.server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        this.targetPort = targetPort;
        this.nanosPerByte = 1e9 / bytesPerSecond;
        this.burstNanos = (long) (SLICE * 4 * nanosPerByte);
        this.next = System.nanoTime();
        Thread.ofPlatform().daemon().name("pacing-proxy-accept").start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                synchronized (open) {
                    open.add(client);
                    open.add(target);
                }
                Thread.ofVirtual().start(() -> pump(client, target, false));
                Thread.ofVirtual().start(() -> pump(target, client, true));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void pump(Socket from, Socket to, boolean paced) {
        byte[] buf = new byte[SLICE];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                if (paced) {
                    pace(n);
                }
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException | InterruptedException e) {
            // connection closed by either side: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    /** Waits for this slice's turn: a virtual clock advanced by each slice's transmission time. */
    private void pace(int bytes) throws InterruptedException {
        long start;
        synchronized (this) {
            long now = System.nanoTime();
            next = Math.max(next, now - burstNanos);
            start = next;
            next += (long) (bytes * nanosPerByte);
        }
        long wait = start - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly2(server);
        synchronized (open) {
            open.forEach(PacingProxy::closeQuietly);
            open.clear();
        }
    }

    private static void closeQuietly2(ServerSocket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
