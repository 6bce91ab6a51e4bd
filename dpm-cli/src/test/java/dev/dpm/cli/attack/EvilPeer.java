package dev.dpm.cli.attack;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A malicious storage peer on a loopback ephemeral port speaking just enough of the Trustless Gateway
 * protocol ({@code GET /ipfs/{cid}?format=raw}, HTTP/1.1 keep-alive, pipelined requests) to look like
 * a dpm node or any gateway. It holds the honest blocks (the publisher's blockstore) and misbehaves
 * according to its {@link Mode}. Raw sockets, so that it can break HTTP in ways a server library would
 * not let it.
 */
final class EvilPeer implements AutoCloseable {

    /** How the peer misbehaves. */
    enum Mode {
        /** Serves the right block with one byte flipped (a tampered block). */
        CORRUPT,
        /** Serves another valid block (the bytes of {@link #substitute}: an arbitrary package) for every CID. */
        SUBSTITUTE,
        /** Sends the headers at once, then one byte a second (slow retrieval). */
        TRICKLE,
        /** Answers 200 with a chunked body that never ends (endless data). */
        ENDLESS,
        /** Reads the request and closes the connection without a word (dropped requests). */
        DROP,
        /**
         * Not an attacker: serves the right block, each after {@link #HONEST_DELAY_MS}. Beside it, an
         * attacker is surely asked for blocks: an honest node on this machine serves the few small
         * blocks of an install in a few milliseconds, and on a loaded machine may serve them all before
         * the attacker's workers get the CPU, which would leave the attack untried.
         */
        HONEST_SLOW
    }

    /** The delay of each answer of {@link Mode#HONEST_SLOW}. */
    static final long HONEST_DELAY_MS = 50;

    private final Blockstore blocks;
    private final Mode mode;
    private final byte[] substitute;
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytesSent = new AtomicLong();
    private volatile boolean closed;

    private EvilPeer(Blockstore blocks, Mode mode, byte[] substitute) throws IOException {
        this.blocks = blocks;
        this.mode = mode;
        this.substitute = substitute;
        this.server = new ServerSocket(0, 64, InetAddress.getLoopbackAddress());
        executor.submit(this::accept);
    }

    /** Starts a peer holding {@code blocks}; {@code substitute} is what {@link Mode#SUBSTITUTE} serves. */
    static EvilPeer start(Blockstore blocks, Mode mode, byte[] substitute) throws IOException {
        return new EvilPeer(blocks, mode, substitute);
    }

    static EvilPeer start(Blockstore blocks, Mode mode) throws IOException {
        return new EvilPeer(blocks, mode, null);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    Mode mode() {
        return mode;
    }

    /** Block requests received so far. */
    long requests() {
        return requests.get();
    }

    /** Body bytes sent so far (how much of an endless stream went out). */
    long bytesSent() {
        return bytesSent.get();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                executor.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            while (!closed) {
                String requestLine = readHead(in);
                if (requestLine == null) {
                    return;
                }
                requests.incrementAndGet();
                String[] parts = requestLine.split(" ");
                String path = parts.length > 1 ? parts[1] : "/";
                Optional<byte[]> block = lookup(path);
                if (block.isEmpty()) {
                    send(out, "404 Not Found", new byte[0]);
                    continue;
                }
                switch (mode) {
                    case CORRUPT -> {
                        byte[] b = block.get().clone();
                        b[b.length / 2] ^= 0x01;
                        send(out, "200 OK", b);
                    }
                    case SUBSTITUTE -> send(out, "200 OK", substitute);
                    case TRICKLE -> {
                        byte[] b = block.get();
                        out.write(head("200 OK", b.length));
                        out.flush();
                        for (byte x : b) {
                            out.write(x);
                            out.flush();
                            bytesSent.incrementAndGet();
                            Thread.sleep(1000);
                        }
                    }
                    case ENDLESS -> {
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/vnd.ipld.raw\r\n"
                                + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        byte[] chunk = new byte[64 * 1024];
                        byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                        while (!closed) {
                            out.write(size);
                            out.write(chunk);
                            out.write(new byte[] {'\r', '\n'});
                            bytesSent.addAndGet(chunk.length);
                        }
                        return;
                    }
                    case DROP -> {
                        return;
                    }
                    case HONEST_SLOW -> {
                        Thread.sleep(HONEST_DELAY_MS);
                        send(out, "200 OK", block.get());
                    }
                    default -> throw new IllegalStateException();
                }
            }
        } catch (IOException e) {
            // the client hung up on us: what an honest client does to a bad peer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Optional<byte[]> lookup(String path) {
        if (!path.startsWith("/ipfs/")) {
            return Optional.empty();
        }
        int q = path.indexOf('?');
        String cid = path.substring("/ipfs/".length(), q < 0 ? path.length() : q);
        try {
            return blocks.get(Cid.parse(cid));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private void send(OutputStream out, String status, byte[] body) throws IOException {
        out.write(head(status, body.length));
        out.write(body);
        out.flush();
        bytesSent.addAndGet(body.length);
    }

    private static byte[] head(String status, long length) {
        return ("HTTP/1.1 " + status + "\r\nContent-Type: application/vnd.ipld.raw\r\nContent-Length: " + length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one request head; returns its first line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        String first = null;
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                String l = line.toString(StandardCharsets.US_ASCII).strip();
                line.reset();
                if (l.isEmpty()) {
                    if (first != null) {
                        return first;
                    }
                    continue;
                }
                if (first == null) {
                    first = l;
                }
            } else {
                line.write(c);
            }
        }
        return null;
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        executor.shutdownNow();
    }
}
