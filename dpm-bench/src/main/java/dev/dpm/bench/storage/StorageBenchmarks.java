package dev.dpm.bench.storage;

import dev.dpm.bench.Nginx;
import dev.dpm.bench.ShellTimes;
import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.FileBlockstore;
import dev.dpm.content.Multihash;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.StorageException;
import dev.dpm.storage.StorageNode;
import dev.dpm.storage.internal.Http1Connection;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Storage-networking benchmarks, each a ratio against a baseline measured in the same run:
 * <ol>
 *   <li>{@link #download}: one file from one local dpm node (every block verified) vs {@code curl}
 *       from nginx serving the same file on loopback (goal ≥ 0.8×);</li>
 *   <li>{@link #multiNode}: from 4 nodes each capped at the same bandwidth vs from 1 such node
 *       (goal ≥ 3.5×);</li>
 *   <li>{@link #concurrentClients}: requests/s of 100 concurrent {@code wrk} clients fetching a
 *       1 MiB block from one node vs the same file from nginx (goal ≥ 0.7×).</li>
 * </ol>
 * Needs nginx-light, curl and wrk ({@code source scripts/lib.sh; dpm_debian_packages nginx-light
 * curl wrk}). Run: {@code java -cp … dev.dpm.bench.storage.StorageBenchmarks [WORKDIR] [SIZE_MIB]
 * [download,multi,clients]}.
 */
public final class StorageBenchmarks {
    private StorageBenchmarks() {
    }

    /**
     * Download figures, seconds for the same file. {@code rawTransferCpu} is the CPU time (user +
     * system, both ends) of the raw curl-from-nginx transfer, {@code sha256OneCore} the time one
     * core takes to hash the same bytes (SHA-256, as the fetcher does), {@code dpmCpu} the CPU time
     * of the dpm fetch (node and client in this process); NaN where the system does not report CPU.
     */
    public record Download(long bytes, int runs, double curlDevNull, double curlFile, double curlSha256, double dpmVerified,
                           double dpmFileBlockstore, double dpmFileBlockstorePerBlock, double importSeconds,
                           double rawTransferCpu, double sha256OneCore, int cores, double dpmCpu) {
        public double ratioVsCurl() {
            return curlDevNull / dpmVerified;
        }

        /**
         * The least wall time any verified download of these bytes can take on this machine: it
         * moves them (at least the raw transfer's CPU: nginx's sendfile and curl's receive are
         * the cheapest known way) and hashes them, on {@code cores} cores at best; and it is no
         * faster than the raw transfer.
         */
        public double verifiedFloor() {
            return Math.max(curlDevNull, (rawTransferCpu + sha256OneCore) / cores);
        }

        /** The best ratio to raw curl that a download verifying every byte can reach here. */
        public double attainableRatio() {
            return curlDevNull / verifiedFloor();
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    download of %d MiB on loopback (best of %d):
                      curl from nginx -> /dev/null           %7.3f s  %7.1f MiB/s  (baseline; CPU of curl + nginx %.3f s)
                      curl from nginx -> file                %7.3f s  %7.1f MiB/s
                      curl | openssl dgst -sha256            %7.3f s  %7.1f MiB/s
                      dpm fetch, every block verified        %7.3f s  %7.1f MiB/s  ratio %.2fx of raw curl (goal >= 0.8x); CPU %.3f s
                      dpm fetch into FileBlockstore (synced) %7.3f s  %7.1f MiB/s  ratio %.2fx
                        ... with PER_BLOCK fsyncs            %7.3f s  %7.1f MiB/s  ratio %.2fx
                      (import of the file into the node's store: %.1f s)
                    what verification costs on this machine:
                      SHA-256 of the same bytes on one core  %7.3f s
                      a verified download needs >= max(raw curl, (raw CPU %.3f s + SHA-256 %.3f s) / %d cores) = %.3f s,
                      so at most %.2fx of raw curl here; dpm reaches %.0f%% of that""",
                    bytes >> 20, runs, curlDevNull, mib(curlDevNull), rawTransferCpu, curlFile, mib(curlFile), curlSha256,
                    mib(curlSha256), dpmVerified, mib(dpmVerified), ratioVsCurl(), dpmCpu, dpmFileBlockstore,
                    mib(dpmFileBlockstore), curlDevNull / dpmFileBlockstore, dpmFileBlockstorePerBlock,
                    mib(dpmFileBlockstorePerBlock), curlDevNull / dpmFileBlockstorePerBlock, importSeconds,
                    sha256OneCore, rawTransferCpu, sha256OneCore, cores, verifiedFloor(), attainableRatio(),
                    100 * ratioVsCurl() / attainableRatio());
        }

        private double mib(double seconds) {
            return bytes / 1048576.0 / seconds;
        }
    }

    /** Multi-node figures. */
    public record MultiNode(long bytes, long bytesPerSecondPerNode, double oneNode, double fourNodes) {
        public double speedup() {
            return oneNode / fourNodes;
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    %d MiB from nodes each capped at %.1f MiB/s:
                      from 1 node   %7.3f s
                      from 4 nodes  %7.3f s   speed-up %.2fx (goal >= 3.5x)""",
                    bytes >> 20, bytesPerSecondPerNode / 1048576.0, oneNode, fourNodes, speedup());
        }
    }

    /** Concurrent-clients figures; {@code generator} is wrk, or the Java load generator when wrk is absent. */
    public record Concurrent(int clients, Duration duration, String generator, double nginxRps, double dpmRps) {
        public double ratio() {
            return dpmRps / nginxRps;
        }

        public String report() {
            return String.format(Locale.ROOT, """
                    %d concurrent clients (%s, %d s each) fetching a 1 MiB file:
                      nginx     %9.1f requests/s (baseline)
                      dpm node  %9.1f requests/s   ratio %.2fx (goal >= 0.7x)""",
                    clients, generator, duration.toSeconds(), nginxRps, dpmRps, ratio());
        }
    }

    public static void main(String[] args) throws Exception {
        Path work = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("dpm-bench-storage");
        long mib = args.length > 1 ? Long.parseLong(args[1]) : 1024;
        String which = args.length > 2 ? args[2] : "download,multi,clients";
        try {
            if (which.contains("download")) {
                System.out.println(download(work.resolve("download"), mib << 20, 3).report());
                deleteTree(work.resolve("download"));
            }
            if (which.contains("multi")) {
                System.out.println(multiNode(work.resolve("multi"), Math.min(mib, 128) << 20, 16L << 20).report());
                deleteTree(work.resolve("multi"));
            }
            if (which.contains("clients")) {
                System.out.println(concurrentClients(work.resolve("clients"), 100, Duration.ofSeconds(10)).report());
                deleteTree(work.resolve("clients"));
            }
        } finally {
            if (args.length == 0) {
                deleteTree(work);
            }
        }
    }

    /** Writes {@code size} pseudo-random bytes (incompressible, no repeated blocks). */
    static void randomFile(Path f, long size, long seed) throws IOException {
        Files.createDirectories(f.getParent());
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(f)) {
            for (long done = 0; done < size; done += buf.length) {
                r.nextBytes(buf);
                out.write(buf, 0, (int) Math.min(buf.length, size - done));
            }
        }
    }

    static Cid importFile(Path f, Blockstore store) throws IOException, ContentException {
        return UnixfsImporter.builder().blockstore(store).build().importPath(f).root();
    }

    static StorageNode node(Blockstore store, NodeLimits limits) throws StorageException {
        return StorageNode.builder(store).limits(limits).build().start();
    }

    static NodeLimits unlimited() {
        return NodeLimits.defaults().withRequestRate(0, 1).withMaxConnections(4096);
    }

    /** Download of one file of {@code size} bytes: dpm node vs nginx + curl, best of {@code runs}. */
    public static Download download(Path work, long size, int runs) throws Exception {
        Path www = work.resolve("www");
        Path file = www.resolve("file.bin");
        randomFile(file, size, 42);
        FileBlockstore origin = FileBlockstore.open(work.resolve("origin"));
        long t0 = System.nanoTime();
        Cid root = importFile(file, origin);
        double importSeconds = (System.nanoTime() - t0) / 1e9;
        try (Nginx nginx = Nginx.serve(www, work.resolve("nginx"));
             StorageNode node = node(origin, unlimited())) {
            String url = nginx.url("/file.bin").toString();
            run("curl", "-s", "-f", "-o", "/dev/null", url); // warm the page cache
            double curlNull = best(runs, () -> run("curl", "-s", "-f", "-o", "/dev/null", url));
            Path out = work.resolve("curl.out");
            double curlFile = best(runs, () -> {
                Files.deleteIfExists(out);
                run("curl", "-s", "-f", "-o", out.toString(), url);
            });
            Files.deleteIfExists(out);
            double curlSha = best(runs, () -> run("sh", "-c", "curl -s -f '" + url + "' | openssl dgst -sha256 >/dev/null"));
            double rawCpu = Double.MAX_VALUE;
            for (int i = 0; i < runs; i++) {
                rawCpu = Math.min(rawCpu, rawTransferCpu(nginx, url));
            }
            double sha256 = best(runs, () -> sha256(size));
            HttpDagFetcher fetcher = HttpDagFetcher.builder().peer(node.peer()).build();
            for (int i = 0; i < 2; i++) { // JIT warm-up of client and node (both in this process)
                fetch(fetcher, root, new DiscardingSink(), size);
            }
            double[] dpmCpu = {Double.MAX_VALUE};
            double dpm = best(runs, () -> {
                double cpu0 = processCpu();
                fetch(fetcher, root, new DiscardingSink(), size);
                dpmCpu[0] = Math.min(dpmCpu[0], processCpu() - cpu0);
            });
            Path into = work.resolve("into");
            double dpmStore = best(1, () -> {
                deleteTree(into);
                fetch(fetcher, root, FileBlockstore.open(into), size);
            });
            double dpmStorePerBlock = best(1, () -> {
                deleteTree(into);
                fetch(fetcher, root, FileBlockstore.open(into, FileBlockstore.Durability.PER_BLOCK), size);
            });
            deleteTree(into);
            return new Download(size, runs, curlNull, curlFile, curlSha, dpm, dpmStore, dpmStorePerBlock,
                    importSeconds, rawCpu, sha256, Runtime.getRuntime().availableProcessors(), dpmCpu[0]);
        }
    }

    /**
     * CPU seconds (user + system) of one curl of {@code url} to /dev/null plus what nginx spent
     * meanwhile; NaN where the system does not report it.
     */
    static double rawTransferCpu(Nginx nginx, String url) throws IOException, InterruptedException {
        Optional<Duration> before = nginx.cpuTime();
        String out = run("sh", "-c", ShellTimes.after("curl -s -f -o /dev/null '" + url + "'"));
        Optional<Duration> after = nginx.cpuTime();
        if (before.isEmpty() || after.isEmpty()) {
            return Double.NaN;
        }
        return ShellTimes.childrenSeconds(out) + (after.get().toNanos() - before.get().toNanos()) / 1e9;
    }

    /** Hashes {@code size} bytes (1 MiB blocks of a direct buffer, as the fetcher reads them) on this thread. */
    static void sha256(long size) {
        ByteBuffer block = ByteBuffer.allocateDirect(1 << 20);
        SplittableRandom r = new SplittableRandom(3);
        while (block.hasRemaining()) {
            block.putLong(r.nextLong());
        }
        MessageDigest md = Multihash.newSha256();
        for (long done = 0; done < size; done += block.capacity()) {
            md.update(block.clear().limit((int) Math.min(block.capacity(), size - done)));
            md.digest();
        }
    }

    /** CPU seconds this process has used, or NaN where the JVM does not report it. */
    static double processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                && os.getProcessCpuTime() >= 0) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** {@code size} bytes from 4 nodes vs 1 node, each node's egress capped at {@code bytesPerSecond}. */
    public static MultiNode multiNode(Path work, long size, long bytesPerSecond) throws Exception {
        Path file = work.resolve("file.bin");
        randomFile(file, size, 7);
        FileBlockstore origin = FileBlockstore.open(work.resolve("origin"));
        Cid root = importFile(file, origin);
        Files.delete(file);
        NodeLimits capped = unlimited().withMaxBytesPerSecond(bytesPerSecond);
        List<StorageNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                nodes.add(node(origin, capped));
            }
            HttpDagFetcher one = HttpDagFetcher.builder().peer(nodes.get(0).peer()).build();
            HttpDagFetcher four = HttpDagFetcher.builder().peers(nodes.stream().map(StorageNode::peer).toList()).build();
            double t1 = best(1, () -> fetch(one, root, new DiscardingSink(), size));
            double t4 = best(1, () -> fetch(four, root, new DiscardingSink(), size));
            return new MultiNode(size, bytesPerSecond, t1, t4);
        } finally {
            nodes.forEach(StorageNode::close);
        }
    }

    /** {@code clients} concurrent wrk connections for {@code duration}: dpm node vs nginx on a 1 MiB file. */
    public static Concurrent concurrentClients(Path work, int clients, Duration duration) throws Exception {
        Path www = work.resolve("www");
        Path file = www.resolve("one.bin");
        randomFile(file, 1 << 20, 11);
        FileBlockstore origin = FileBlockstore.open(work.resolve("origin"));
        Cid cid = importFile(file, origin); // one 1 MiB chunk: a single raw block
        try (Nginx nginx = Nginx.serve(www, work.resolve("nginx"));
             StorageNode node = node(origin, unlimited())) {
            String dpmPath = "/ipfs/" + cid + "?format=raw";
            // Both servers get the same warm-up run first: the JVM's JIT needs a few seconds to reach
            // steady state, and the comparison is of steady states.
            Duration warmUp = Duration.ofSeconds(Math.max(1, Math.min(3, duration.toSeconds())));
            if (Files.isExecutable(Path.of("/usr/bin/wrk"))) {
                wrk(nginx.url("/one.bin").toString(), 2, clients, warmUp);
                wrk(node.url() + dpmPath, 2, clients, warmUp);
                double nginxRps = wrk(nginx.url("/one.bin").toString(), 2, clients, duration);
                double dpmRps = wrk(node.url() + dpmPath, 2, clients, duration);
                return new Concurrent(clients, duration, "wrk -t2", nginxRps, dpmRps);
            }
            javaLoad(nginx.url(""), "/one.bin", clients, warmUp);
            javaLoad(node.url(), dpmPath, clients, warmUp);
            double nginxRps = javaLoad(nginx.url(""), "/one.bin", clients, duration);
            double dpmRps = javaLoad(node.url(), dpmPath, clients, duration);
            return new Concurrent(clients, duration, "Java load generator", nginxRps, dpmRps);
        }
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern ERRORS = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");

    static double wrk(String url, int threads, int connections, Duration d) throws IOException, InterruptedException {
        String out = run("wrk", "-t" + threads, "-c" + connections, "-d" + d.toSeconds() + "s", url);
        Matcher bad = ERRORS.matcher(out);
        if (bad.find()) {
            throw new IOException("wrk saw " + bad.group(1) + " error responses from " + url + ":\n" + out);
        }
        Matcher m = RPS.matcher(out);
        if (!m.find()) {
            throw new IOException("no Requests/sec in wrk output:\n" + out);
        }
        return Double.parseDouble(m.group(1));
    }

    /**
     * A load generator for when wrk is absent: {@code clients} keep-alive connections, each sending
     * the next request when the previous answer is read; returns completed requests per second.
     */
    static double javaLoad(java.net.URI base, String path, int clients, Duration d) throws Exception {
        java.util.concurrent.atomic.LongAdder done = new java.util.concurrent.atomic.LongAdder();
        long end = System.nanoTime() + d.toNanos();
        List<Thread> threads = new ArrayList<>();
        List<Exception> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try (Http1Connection c = new Http1Connection(base, Duration.ofSeconds(5), Duration.ofSeconds(30))) {
                    while (System.nanoTime() < end) {
                        c.get(path, "*/*");
                        c.flush();
                        Http1Connection.Head h = c.readHead();
                        if (h.status() != 200 || !Http1Connection.drain(c.body(h), 4L << 20)) {
                            throw new IOException("HTTP " + h.status() + " from " + base + path);
                        }
                        done.increment();
                    }
                } catch (Exception e) {
                    failures.add(e);
                }
            }));
        }
        long start = System.nanoTime();
        for (Thread t : threads) {
            t.join();
        }
        if (!failures.isEmpty()) {
            throw failures.get(0);
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    static void fetch(HttpDagFetcher fetcher, Cid root, Blockstore into, long size) throws Exception {
        FetchSummary s = fetcher.fetch(root, into, FetchListener.NONE);
        if (s.bytesFetched() < size) {
            throw new IllegalStateException("fetched " + s.bytesFetched() + " bytes, expected at least " + size);
        }
    }

    interface Step {
        void run() throws Exception;
    }

    static double best(int runs, Step step) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            step.run();
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return best;
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

}
