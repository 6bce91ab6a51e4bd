package dev.dpm.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * nginx (Debian package nginx-light) serving a directory on a free loopback port, in the foreground, with
 * its configuration, pid, logs and temp files under a private prefix directory: the baseline HTTP server
 * of the benchmarks. {@link #serve(Path, Path)} for the defaults, {@link #builder(Path, Path)} to tune it;
 * {@link #close()} stops it.
 */
public final class Nginx implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final int port;

    private Nginx(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts nginx serving {@code root} with the builder's defaults.
     *
     * @throws IOException if nginx is missing (install: {@code source scripts/lib.sh;
     *                     dpm_debian_packages nginx-light}) or does not come up, naming its error log
     */
    public static Nginx serve(Path root, Path prefix) throws IOException, InterruptedException {
        return builder(root, prefix).start();
    }

    /** A configuration serving {@code root}, with its files under {@code prefix}. */
    public static Builder builder(Path root, Path prefix) {
        return new Builder(root, prefix);
    }

    /** The port nginx listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * CPU time used so far by nginx's master and worker processes (user + system), for benchmarks
     * that charge a transfer's CPU to both ends; empty where the system does not report it.
     */
    public Optional<Duration> cpuTime() {
        Optional<Duration> total = process.toHandle().info().totalCpuDuration();
        if (total.isEmpty()) {
            return total;
        }
        Duration sum = total.get();
        for (ProcessHandle worker : process.toHandle().descendants().toList()) {
            Optional<Duration> d = worker.info().totalCpuDuration();
            if (d.isEmpty()) {
                return Optional.empty();
            }
            sum = sum.plus(d.get());
        }
        return Optional.of(sum);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    /**
     * How nginx runs. Defaults: {@code worker_processes auto}, {@code keepalive_requests 100000}, nginx's own
     * keep-alive timeout, no rate limit.
     */
    public static final class Builder {
        private final Path root;
        private final Path prefix;
        private int workers;
        private long keepaliveRequests = 100_000;
        private int keepaliveTimeoutSeconds;
        private long limitRateBytesPerSecond;

        private Builder(Path root, Path prefix) {
            this.root = root;
            this.prefix = prefix;
        }

        /** {@code worker_processes}; 0 (the default) is {@code auto}, one per core. */
        public Builder workers(int workers) {
            this.workers = workers;
            return this;
        }

        /** {@code keepalive_requests}: requests one connection may carry. */
        public Builder keepaliveRequests(long requests) {
            this.keepaliveRequests = requests;
            return this;
        }

        /** {@code keepalive_timeout}; 0 (the default) keeps nginx's own. */
        public Builder keepaliveTimeoutSeconds(int seconds) {
            this.keepaliveTimeoutSeconds = seconds;
            return this;
        }

        /** {@code limit_rate}: the cap of each connection; 0 (the default) is none. */
        public Builder limitRate(long bytesPerSecond) {
            this.limitRateBytesPerSecond = bytesPerSecond;
            return this;
        }

        /**
         * Starts nginx and waits (up to 10 s) until it accepts connections.
         *
         * @throws IOException if nginx is missing (install: {@code source scripts/lib.sh;
         *                     dpm_debian_packages nginx-light}) or does not come up, naming its error log
         */
        public Nginx start() throws IOException, InterruptedException {
            if (!Files.isExecutable(BINARY)) {
                throw new IOException("nginx is not installed at " + BINARY
                        + ": source scripts/lib.sh; dpm_debian_packages nginx-light");
            }
            Files.createDirectories(prefix);
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            Path errorLog = prefix.resolve("error.log");
            Path stdout = prefix.resolve("stdout.log");
            Path confFile = prefix.resolve("nginx.conf");
            Files.writeString(confFile, conf(port, errorLog));
            Process p = new ProcessBuilder(BINARY.toString(), "-p", prefix.toString(), "-c", confFile.toString(),
                    "-e", errorLog.toString(), "-g", "daemon off;")
                    .redirectErrorStream(true).redirectOutput(stdout.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (System.nanoTime() < deadline) {
                if (!p.isAlive()) {
                    throw new IOException("nginx exited with " + p.exitValue() + "; see " + errorLog + ": "
                            + Files.readString(stdout) + (Files.exists(errorLog) ? Files.readString(errorLog) : ""));
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
                    return new Nginx(p, port);
                } catch (IOException e) {
                    Thread.sleep(50);
                }
            }
            p.destroyForcibly();
            throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s; see " + errorLog);
        }

        private String conf(int port, Path errorLog) {
            // nginx drops privileges to "nobody" when started as root, who could not read a @TempDir root
            String user = "root".equals(System.getProperty("user.name")) ? "user root;\n" : "";
            return user
                    + "worker_processes " + (workers > 0 ? Integer.toString(workers) : "auto") + ";\n"
                    + "pid " + prefix.resolve("nginx.pid") + ";\n"
                    + "error_log " + errorLog + " warn;\n"
                    + "events { worker_connections 4096; }\n"
                    + "http {\n"
                    + "  access_log off;\n"
                    + "  sendfile on; tcp_nopush on; keepalive_requests " + keepaliveRequests + ";"
                    + (keepaliveTimeoutSeconds > 0 ? " keepalive_timeout " + keepaliveTimeoutSeconds + "s;" : "") + "\n"
                    + "  default_type application/octet-stream;\n"
                    + (limitRateBytesPerSecond > 0 ? "  limit_rate " + limitRateBytesPerSecond + ";\n" : "")
                    + "  client_body_temp_path " + prefix.resolve("body") + ";\n"
                    + "  proxy_temp_path " + prefix.resolve("proxy") + ";\n"
                    + "  fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
                    + "  uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
                    + "  scgi_temp_path " + prefix.resolve("scgi") + ";\n"
                    + "  server { listen 127.0.0.1:" + port + "; root " + root.toAbsolutePath() + "; }\n"
                    + "}\n";
        }
    }
}
