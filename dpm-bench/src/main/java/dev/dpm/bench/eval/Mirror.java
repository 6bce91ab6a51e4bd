package dev.dpm.bench.eval;

import dev.dpm.bench.Nginx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;

/**
 * The baseline: nginx (Debian package nginx-light) serving the archive's files, started in the
 * foreground with a private configuration under {@code prefix}; {@code limit_rate} caps each
 * connection at the uplink and a {@link PacingProxy} in front caps the total, so the mirror as a whole
 * has the same egress as one dpm node. {@link #close()} stops both.
 */
public final class Mirror implements AutoCloseable {
    private final Nginx nginx;
    private final PacingProxy proxy;

    private Mirror(Nginx nginx, PacingProxy proxy) {
        this.nginx = nginx;
        this.proxy = proxy;
    }

    /**
     * @throws IOException if nginx is missing (install: {@code source scripts/lib.sh; dpm_debian_packages
     *                     nginx-light}) or does not come up, naming its error log
     */
    public static Mirror start(Path root, Path prefix, long capBytesPerSecond) throws IOException,
            InterruptedException {
        Nginx nginx = Nginx.builder(root, prefix).workers(1).keepaliveRequests(1_000_000)
                .keepaliveTimeoutSeconds(120).limitRate(capBytesPerSecond).start();
        try {
            return new Mirror(nginx, new PacingProxy(nginx.port(), capBytesPerSecond));
        } catch (IOException | RuntimeException e) {
            nginx.close();
            throw e;
        }
    }

    /** Base URL clients use (the capped front). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + proxy.port());
    }

    @Override
    public void close() throws InterruptedException {
        proxy.close();
        nginx.close();
    }
}
