package dev.dpm.storage.internal;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection to a peer, used by one fetcher worker at a time: GET requests,
 * possibly several sent before their responses are read (pipelining), bodies delimited by
 * Content-Length, chunked encoding or the connection's end.
 *
 * <p>Fast path: over plain HTTP the connection is a blocking {@link SocketChannel}, and
 * {@link #readBody} reads a body straight into the caller's (direct) buffer, handing each piece to
 * the caller as it arrives, so the fetcher hashes bytes while they are still in the CPU cache and no
 * heap copy is made (a {@code Socket}'s streams copy every byte through a temporary buffer). The
 * JDK's HttpClient copies bodies several times more. HTTPS goes through an {@link SSLSocket}.
 *
 * <p>Defensive: the status line and headers are bounded (64 KiB), so a peer cannot stall the
 * client with endless headers; the caller bounds the body. A read that waits longer than the read
 * timeout for any byte fails (a channel has no socket timeout: a shared timer closes it). Closing
 * the connection from another thread (the fetcher's watchdog) makes a blocked read fail at once.
 * Not thread-safe otherwise.
 */
public final class Http1Connection implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;
    /** Largest single socket read into a body buffer: small enough that the piece is still cached when hashed. */
    private static final int MAX_READ = 256 * 1024;

    /** Connections with a read in progress, checked by {@link #TIMER} against their read timeout. */
    private static final Set<Http1Connection> READING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dpm-http1-read-timeout");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.scheduleWithFixedDelay(Http1Connection::expireStuckReads, 100, 100, TimeUnit.MILLISECONDS);
    }

    private final SocketChannel channel; // plain HTTP; null over TLS
    private final SSLSocket tls;          // HTTPS; null over plain HTTP
    private final InputStream tlsIn;
    private final OutputStream tlsOut;
    private final long readTimeoutNanos;
    /**
     * Received bytes not yet consumed, in read mode (position = next byte). Small and direct: it
     * holds response heads, and whatever body bytes come along with a head are copied once more
     * from here, so the less it takes in, the more of a body goes straight to the caller's buffer.
     */
    private final ByteBuffer inBuf = ByteBuffer.allocateDirect(4 * 1024).flip();
    private final StringBuilder pending = new StringBuilder();
    private final String hostHeader;
    private final String basePath;
    private volatile long readSince; // System.nanoTime() when the current read began; 0 when none
    private volatile boolean timedOut;
    private volatile boolean closed;
    /** Bytes received so far, and their count when the connection was last taken from a pool (-1: never). */
    private long received;
    private long receivedWhenReused = -1;

    /** A response's status and headers; the body is read with {@link #body(Head)} or {@link #readBody}. */
    public record Head(int status, Map<String, String> headers, long contentLength, boolean chunked, boolean close) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Http1Connection(URI base, Duration connectTimeout, Duration readTimeout) throws IOException {
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        InetSocketAddress address = new InetSocketAddress(base.getHost(), port);
        this.readTimeoutNanos = readTimeout.toNanos();
        if (https) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(address, (int) connectTimeout.toMillis());
                s.setSoTimeout((int) readTimeout.toMillis());
                SSLSocket t = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(s, base.getHost(), port, true);
                SSLParameters p = t.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                t.setSSLParameters(p);
                t.startHandshake();
                this.tls = t;
                this.tlsIn = t.getInputStream();
                this.tlsOut = t.getOutputStream();
            } catch (IOException e) {
                s.close();
                throw e;
            }
            this.channel = null;
        } else {
            SocketChannel ch = SocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.socket().connect(address, (int) connectTimeout.toMillis());
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            this.channel = ch;
            this.tls = null;
            this.tlsIn = null;
            this.tlsOut = null;
        }
        this.hostHeader = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
    }

    /** Queues a GET for {@code pathAndQuery} (under the base URL's path); {@link #flush()} sends queued requests. */
    public void get(String pathAndQuery, String accept) {
        pending.append("GET ").append(basePath).append(pathAndQuery).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nAccept: ").append(accept).append("\r\nUser-Agent: dpm\r\n\r\n");
    }

    /** Sends the queued requests. */
    public void flush() throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        byte[] bytes = pending.toString().getBytes(StandardCharsets.ISO_8859_1);
        pending.setLength(0);
        if (channel != null) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } else {
            tlsOut.write(bytes);
            tlsOut.flush();
        }
    }

    /**
     * Reads the next response's status line and headers. Interim responses (1xx other than 101:
     * 100 Continue, 103 Early Hints from a CDN) come before the final one to the same request and
     * are skipped; returned, they shifted every later pipelined response onto the wrong request.
     */
    public Head readHead() throws IOException {
        int[] budget = {MAX_HEAD}; // shared by the interim heads, so they cannot stall the client either
        while (true) {
            Head h = readOneHead(budget);
            if (h.status() >= 200 || h.status() < 100 || h.status() == 101) {
                return h;
            }
        }
    }

    private Head readOneHead(int[] budget) throws IOException {
        String status = line(budget);
        while (status.isEmpty()) { // tolerate a stray CRLF between responses
            status = line(budget);
        }
        if (!status.startsWith("HTTP/1.")) {
            throw new ProtocolException("not an HTTP/1.x response: '" + abbreviate(status) + "'");
        }
        String[] parts = status.split(" ", 3);
        int code;
        try {
            code = Integer.parseInt(parts[1]);
        } catch (RuntimeException e) {
            throw new ProtocolException("bad status line: '" + abbreviate(status) + "'");
        }
        Map<String, String> headers = new HashMap<>();
        while (true) {
            String h = line(budget);
            if (h.isEmpty()) {
                break;
            }
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw new ProtocolException("bad header line: '" + abbreviate(h) + "'");
            }
            headers.merge(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        boolean chunked = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
        long length = -1;
        if (!chunked && headers.containsKey("content-length")) {
            try {
                length = Long.parseLong(headers.get("content-length"));
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad Content-Length: '" + abbreviate(headers.get("content-length")) + "'");
            }
            if (length < 0) {
                throw new ProtocolException("negative Content-Length: " + length);
            }
        }
        if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
            length = 0;
        }
        boolean close = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close")
                || status.startsWith("HTTP/1.0") || (!chunked && length < 0);
        return new Head(code, headers, length, chunked, close);
    }

    /**
     * Reads the body of {@code head} into {@code dst}, from its position up to its limit, and hands
     * each piece to {@code pieces} as soon as it is read (a view of just those bytes, to be consumed,
     * not modified, before the call returns). Returns false, having read at most up to the
     * limit, when the body is longer than that room (an announced length, a chunk or a stream
     * running past it): the connection is then unusable.
     */
    public boolean readBody(Head head, ByteBuffer dst, Consumer<ByteBuffer> pieces) throws IOException {
        if (head.chunked()) {
            while (true) {
                long size = chunkSize();
                if (size == 0) {
                    return true;
                }
                if (size > dst.remaining()) {
                    return false;
                }
                readExactly(dst, (int) size, pieces);
                endOfChunk();
            }
        }
        if (head.contentLength() >= 0) {
            if (head.contentLength() > dst.remaining()) {
                return false;
            }
            readExactly(dst, (int) head.contentLength(), pieces);
            return true;
        }
        while (dst.hasRemaining()) { // delimited by the peer closing the connection
            int start = dst.position();
            int n = readSome(dst, dst.remaining());
            if (n < 0) {
                return true;
            }
            pieces.accept(dst.slice(start, n));
        }
        return !inBuf.hasRemaining() && fill() < 0; // full: any further byte makes it too long
    }

    /** The body of {@code head} as a stream; it ends at the body's end (or the connection's, for a close-delimited body). */
    public InputStream body(Head head) {
        if (head.chunked()) {
            return new Chunked();
        }
        if (head.contentLength() >= 0) {
            return new Fixed(head.contentLength());
        }
        return new UntilClose();
    }

    /** Reads and discards {@code body} up to {@code limit} bytes; false if it was longer (then the connection is unusable). */
    public static boolean drain(InputStream body, long limit) throws IOException {
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = body.read(buf)) >= 0) {
            total += n;
            if (total > limit) {
                return false;
            }
        }
        return true;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * True when the connection can carry a new request without confusion: open, every queued request
     * sent, and no received byte left unread (the caller knows whether all its responses were read).
     */
    public boolean isIdle() {
        return !closed && pending.isEmpty() && !inBuf.hasRemaining();
    }

    /**
     * Checks, without blocking, that an idle connection is still open at the other end: false when the
     * peer has closed it (keep-alive timeout, restart), reset it, or sent bytes nobody asked for. Over
     * TLS only the local state is checked (a peek would block); the caller must still expect a reused
     * connection to fail at its first request (see {@link #isReusedAndUnanswered()}).
     */
    public boolean probeIdle() {
        if (!isIdle()) {
            return false;
        }
        if (channel == null) {
            return !tls.isClosed() && !tls.isInputShutdown();
        }
        try {
            int n;
            channel.configureBlocking(false);
            inBuf.compact();
            try {
                n = channel.read(inBuf);
            } finally {
                inBuf.flip();
                channel.configureBlocking(true);
            }
            if (n > 0) {
                received += n;
            }
            return n == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Notes that the connection is being used again after it sat idle (see {@link #isReusedAndUnanswered()}). */
    public void markReused() {
        receivedWhenReused = received;
    }

    /**
     * True when the connection was taken from a pool and nothing has arrived on it since: a failure
     * now most likely means the peer closed it while it sat idle (its keep-alive timeout racing our
     * request), which says nothing about the peer's health; the request is to be sent again on a
     * fresh connection.
     */
    public boolean isReusedAndUnanswered() {
        return receivedWhenReused >= 0 && received == receivedWhenReused;
    }

    @Override
    public void close() {
        closed = true;
        READING.remove(this);
        try {
            if (channel != null) {
                channel.close();
            } else {
                tls.close();
            }
        } catch (IOException e) {
            // closing is also how a stuck read is cut; nothing more to do
        }
    }

    /** Reads exactly {@code n} body bytes into {@code dst}, reporting each piece. */
    private void readExactly(ByteBuffer dst, int n, Consumer<ByteBuffer> pieces) throws IOException {
        int left = n;
        while (left > 0) {
            int start = dst.position();
            int got = readSome(dst, left);
            if (got < 0) {
                throw new EOFException("connection closed with " + left + " body bytes missing");
            }
            left -= got;
            pieces.accept(dst.slice(start, got));
        }
    }

    /**
     * Reads at most {@code max} bytes into {@code dst}: what is buffered first, else one read from
     * the wire straight into {@code dst}. Returns the count, or -1 at the end of the connection.
     */
    private int readSome(ByteBuffer dst, int max) throws IOException {
        max = Math.min(max, dst.remaining());
        if (max == 0) {
            return 0;
        }
        if (inBuf.hasRemaining()) {
            int n = Math.min(max, inBuf.remaining());
            dst.put(dst.position(), inBuf, inBuf.position(), n);
            inBuf.position(inBuf.position() + n);
            dst.position(dst.position() + n);
            return n;
        }
        int limit = dst.limit();
        dst.limit(dst.position() + Math.min(max, MAX_READ));
        try {
            return wireRead(dst);
        } finally {
            dst.limit(limit);
        }
    }

    /** Refills {@link #inBuf} with one read; the count, or -1 at the end of the connection. */
    private int fill() throws IOException {
        inBuf.compact();
        try {
            return wireRead(inBuf);
        } finally {
            inBuf.flip();
        }
    }

    /** One read from the connection into {@code dst}, under the read timeout; never returns 0. */
    private int wireRead(ByteBuffer dst) throws IOException {
        if (tls != null) {
            byte[] tmp = new byte[Math.min(dst.remaining(), 16 * 1024)];
            int n = tlsIn.read(tmp);
            if (n > 0) {
                dst.put(tmp, 0, n);
                received += n;
            }
            return n;
        }
        readSince = System.nanoTime();
        READING.add(this);
        try {
            int n;
            do {
                n = channel.read(dst);
            } while (n == 0);
            if (n > 0) {
                received += n;
            }
            return n;
        } catch (IOException e) {
            if (timedOut) {
                throw new SocketTimeoutException("no data for " + readTimeoutNanos / 1_000_000 + " ms");
            }
            throw e;
        } finally {
            readSince = 0;
            READING.remove(this);
        }
    }

    private static void expireStuckReads() {
        long now = System.nanoTime();
        for (Http1Connection c : READING) {
            long since = c.readSince;
            if (since != 0 && now - since > c.readTimeoutNanos) {
                c.timedOut = true;
                c.close();
            }
        }
    }

    private int nextByte() throws IOException {
        if (!inBuf.hasRemaining() && fill() < 0) {
            return -1;
        }
        return inBuf.get() & 0xff;
    }

    private String line(int[] budget) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = nextByte();
            if (b < 0) {
                throw new EOFException("connection closed by the peer");
            }
            if (--budget[0] < 0) {
                throw new ProtocolException("response head longer than " + MAX_HEAD + " bytes");
            }
            if (b == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) b);
        }
    }

    /** Reads a chunk-size line; at the last chunk (0) also the trailers. */
    private long chunkSize() throws IOException {
        int[] budget = {MAX_HEAD};
        String size = line(budget);
        int semi = size.indexOf(';');
        long n;
        try {
            n = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad chunk size: '" + abbreviate(size) + "'");
        }
        if (n < 0) {
            throw new ProtocolException("negative chunk size: '" + abbreviate(size) + "'");
        }
        if (n == 0) {
            while (!line(budget).isEmpty()) {
                // trailers are ignored
            }
        }
        return n;
    }

    private void endOfChunk() throws IOException {
        int[] budget = {4};
        if (!line(budget).isEmpty()) {
            throw new ProtocolException("chunk not followed by CRLF");
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** A response that is not HTTP/1.1 as specified. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    /** A response body as a stream; subclasses read in bulk, a single byte is a bulk read of one. */
    private abstract static class BodyStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n;
            do {
                n = read(one, 0, 1);
            } while (n == 0);
            return n < 0 ? -1 : one[0] & 0xff;
        }
    }

    private final class Fixed extends BodyStream {
        private long remaining;

        Fixed(long length) {
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = readSome(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), len);
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            remaining -= n;
            return n;
        }
    }

    private final class UntilClose extends BodyStream {
        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return len == 0 ? 0 : readSome(ByteBuffer.wrap(b, off, len), len);
        }
    }

    private final class Chunked extends BodyStream {
        private long chunkLeft;
        private boolean done;

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                chunkLeft = chunkSize();
                if (chunkLeft == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = readSome(ByteBuffer.wrap(b, off, (int) Math.min(len, chunkLeft)), len);
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                endOfChunk();
            }
            return n;
        }
    }
}
