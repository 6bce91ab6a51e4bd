package dev.dpm.bench.eval;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: nginx (Debian package nginx-light) serving the archive's files, started in the
 * foreground with a private configuration under {@code prefix}; {@code limit_rate} caps each
 * connection at the uplink and a {@link PacingProxy} in front caps the total, so the mirror as a whole
 * has the same egress as one dpm node. {@link #close()} stops both.
 */
public final class Mirror implements AutoCloseable {
    private final Process nginx;
    private final PacingProxy proxy;

    private Mirror(Process nginx, PacingProxy proxy) {
        this.nginx = nginx;
        this.proxy = proxy;
    }

    /**
     * @throws IOException if nginx is missing (install: {@code source scripts/lib.sh; dpm_debian_packages
     *                     nginx-light}) or does not come up, naming its error log
     */
    public static Mirror start(Path root, Path prefix, long capBytesPerSecond) throws IOException,
            InterruptedException {
        Path bin = Path.of("/usr/sbin/nginx");
        if (!Files.isExecutable(bin)) {
            throw new IOException("nginx is not installed at " + bin
                    + ": source scripts/lib.sh; dpm_debian_packages nginx-light");
        }
        Files.createDirectories(prefix);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
        String conf = user
                + "worker_processes 1;\n"
                + "pid " + prefix.resolve("nginx.pid") + ";\n"
                + "error_log " + prefix.resolve("error.log") + " warn;\n"
                + "events { worker_connections 4096; }\n"
                + "http {\n"
                + "  access_log off;\n"
                + "  sendfile on; tcp_nopush on; keepalive_requests 1000000; keepalive_timeout 120s;\n"
                + "  default_type application/octet-stream;\n"
                + "  limit_rate " + capBytesPerSecond + ";\n"
                + "  client_body_temp_path " + prefix.resolve("body") + ";\n"
                + "  proxy_temp_path " + prefix.resolve("proxy") + ";\n"
                + "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
                + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
                + "  scgi_temp_path " + prefix.resolve("scgi") + ";\n"
                + "  server { listen 127.0.0.1:" + port + "; root " + root.toAbsolutePath() + "; }\n"
                + "}\n";
        Path confFile = prefix.resolve("nginx.conf");
        Files.writeString(confFile, conf);
        Process p = new ProcessBuilder(bin.toString(), "-p", prefix.toString(), "-c", confFile.toString(),
                "-e", prefix.resolve("error.log").toString(), "-g", "daemon off;")
                .redirectErrorStream(true).redirectOutput(prefix.resolve("stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                throw new IOException("nginx exited with " + p.exitValue() + "; see " + prefix.resolve("error.log")
                        + ": " + Files.readString(prefix.resolve("stdout.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                return new Mirror(p, new PacingProxy(port, capBytesPerSecond));
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        p.destroyForcibly();
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s; see "
                + prefix.resolve("error.log"));
    }

    /** Base URL clients use (the capped front). */
    public URI url() {
        return URI.create("http://127.0.0.1:" + proxy.port());
    }

    @Override
    public void close() throws InterruptedException {
        proxy.close();
        nginx.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
            nginx.destroyForcibly();
            nginx.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
