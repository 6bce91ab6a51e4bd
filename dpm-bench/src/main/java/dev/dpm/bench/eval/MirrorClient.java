package dev.dpm.bench.eval;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What apt does against a mirror, minus the disk: GET the .deb over HTTP/1.1 (one keep-alive
 * connection per client) and check its SHA-256 against the index. Not thread-safe: one per client.
 */
final class MirrorClient implements AutoCloseable {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI base;
    private final byte[] buf = new byte[64 * 1024];

    MirrorClient(URI base) {
        this.base = base;
    }

    /** Fetches and verifies one package; returns its size. */
    long install(ArchivePackage p) throws IOException, InterruptedException {
        HttpRequest req = HttpRequest.newBuilder(base.resolve(p.path())).timeout(Duration.ofMinutes(5)).GET().build();
        HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        long n = 0;
        try (InputStream in = resp.body()) {
            if (resp.statusCode() != 200) {
                throw new IOException("HTTP " + resp.statusCode() + " from " + req.uri());
            }
            for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
                sha.update(buf, 0, r);
                n += r;
            }
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(p.sha256())) {
            throw new IOException("hash sum mismatch for " + req.uri() + ": expected " + p.sha256() + ", got " + got);
        }
        return n;
    }

    @Override
    public void close() {
        http.close();
    }
}
