package dev.dpm.storage.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection to a peer, used by one fetcher worker at a time: GET requests,
 * possibly several sent before their responses are read (pipelining), bodies delimited by
 * Content-Length or chunked encoding. A blocking socket read straight into the block's array is what
 * makes raw-block fetching fast; the JDK's HttpClient copies every body several times.
 *
 * <p>Defensive: the status line and headers are bounded (64 KiB), so a peer cannot stall the
 * client with endless headers; the caller bounds the body. Closing the connection from another thread
 * (the fetcher's watchdog) makes a blocked read fail at once. Not thread-safe otherwise.
 */
public final class Http1Connection implements Closeable {
    private static final int MAX_HEAD = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String hostHeader;
    private final String basePath;
    private volatile boolean closed;

    /** A response's status and headers; the body is read with {@link #body(Head)}. */
    public record Head(int status, Map<String, String> headers, long contentLength, boolean chunked, boolean close) {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public Http1Connection(URI base, Duration connectTimeout, Duration readTimeout) throws IOException {
        boolean https = "https".equals(base.getScheme());
        int port = base.getPort() > 0 ? base.getPort() : https ? 443 : 80;
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(base.getHost(), port), (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            if (https) {
                SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                        .createSocket(s, base.getHost(), port, true);
                SSLParameters p = tls.getSSLParameters();
                p.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(p);
                tls.startHandshake();
                s = tls;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        this.socket = s;
        this.in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        this.out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
        this.hostHeader = base.getHost() + (base.getPort() > 0 ? ":" + base.getPort() : "");
        this.basePath = base.getRawPath() == null ? "" : base.getRawPath();
    }

    /** Queues a GET for {@code pathAndQuery} (under the base URL's path); {@link #flush()} sends queued requests. */
    public void get(String pathAndQuery, String accept) throws IOException {
        String req = "GET " + basePath + pathAndQuery + " HTTP/1.1\r\nHost: " + hostHeader
                + "\r\nAccept: " + accept + "\r\nUser-Agent: dpm\r\n\r\n";
        out.write(req.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Reads the next response's status line and headers. */
    public Head readHead() throws IOException {
        int[] budget = {MAX_HEAD};
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
        }
        if (code == 204 || code == 304 || (code >= 100 && code < 200)) {
            length = 0;
        }
        boolean close = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT).contains("close")
                || status.startsWith("HTTP/1.0") || (!chunked && length < 0);
        return new Head(code, headers, length, chunked, close);
    }

    /** The body of {@code head}; it ends at the body's end (or the connection's, for a close-delimited body). */
    public InputStream body(Head head) {
        if (head.chunked()) {
            return new Chunked();
        }
        if (head.contentLength() >= 0) {
            return new Fixed(head.contentLength());
        }
        return in; // delimited by the peer closing the connection
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

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing is also how a stuck read is cut; nothing more to do
        }
    }

    private String line(int[] budget) throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
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

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** A response that is not HTTP/1.1 as specified. */
    public static final class ProtocolException extends IOException {
        public ProtocolException(String message) {
            super(message);
        }
    }

    private final class Fixed extends InputStream {
        private long remaining;

        Fixed(long length) {
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            remaining -= n;
            return n;
        }
    }

    private final class Chunked extends InputStream {
        private long chunkLeft;
        private boolean done;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (chunkLeft == 0) {
                int[] budget = {MAX_HEAD};
                String size = line(budget);
                int semi = size.indexOf(';');
                try {
                    chunkLeft = Long.parseLong((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new ProtocolException("bad chunk size: '" + abbreviate(size) + "'");
                }
                if (chunkLeft == 0) {
                    while (!line(budget).isEmpty()) {
                        // trailers are ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, chunkLeft));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            chunkLeft -= n;
            if (chunkLeft == 0) {
                int[] budget = {4};
                if (!line(budget).isEmpty()) {
                    throw new ProtocolException("chunk not followed by CRLF");
                }
            }
            return n;
        }
    }
}
