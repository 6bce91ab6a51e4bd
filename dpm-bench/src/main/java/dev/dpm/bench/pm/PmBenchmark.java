package dev.dpm.bench.pm;

import dev.dpm.bench.Nginx;
import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.NewRelease;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PackageManagerListener;
import dev.dpm.core.publish.Publisher;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.web3j.crypto.Credentials;

/**
 * The package manager's benchmarks, each with its baseline in the same run:
 * <ol>
 *   <li><b>update</b>: {@code dpm update} of a fresh root from a registry holding {@code --releases} releases
 *       (published first with the batch call), then a no-op update;</li>
 *   <li><b>resolve</b>: resolving a request on that index (universe built from the local database, then
 *       Sat4j), through {@link PackageManager#install} with an approval that declines;</li>
 *   <li><b>install</b>: a package with {@code --deps} dependencies of {@code --dep-bytes} each, fetched from
 *       three local dpm nodes (each its own blockstore, every payload on two of them) and installed, against
 *       fetching the same payload bytes with one curl from one nginx.</li>
 * </ol>
 * Usage: {@code PmBenchmark --repo DPM_CHECKOUT --dir WORKDIR [--releases 10000] [--deps 50]
 * [--dep-bytes 1048576] [--nodes 3] [--log-page-blocks 2000]}. Prints one line per figure. The devnet packs
 * about a hundred releases (manifests included) into each one-second block; a page whose answer exceeds the
 * reader's 16 MiB bound is split by the reader.
 */
public final class PmBenchmark {
    private PmBenchmark() {
    }

    /** The figures of one run. */
    public record Result(int releases, long publishMillis, long updateMillis, long noopUpdateMillis, long resolveMillis,
            int deps, long depBytes, int nodes, List<Integer> payloadsPerNode, long installMillis, long fetchMillis,
            long curlMillis, long curlBytes) {
        public Result {
            payloadsPerNode = List.copyOf(payloadsPerNode);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    releases published (batch)         %,d in %,d ms
                    dpm update, fresh root             %,d ms (%.0f releases/s)
                    dpm update, nothing new            %,d ms
                    resolve on the %,d-release index   %,d ms (deepest package; universe from the database + Sat4j)
                    install, %d deps x %s, %d nodes %s     %,d ms total, of which fetch %,d ms
                    baseline: curl from one nginx      %,d ms for %,d bytes (fetch only, no verification, no install)""",
                    releases, publishMillis, updateMillis, releases * 1000.0 / Math.max(1, updateMillis), noopUpdateMillis,
                    releases, resolveMillis, deps, size(depBytes), nodes, "(payloads held: " + payloadsPerNode + ")",
                    installMillis, fetchMillis, curlMillis,
                    curlBytes);
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = null;
        Path dir = null;
        int releases = 10_000;
        int deps = 50;
        long depBytes = 1 << 20;
        int nodes = 3;
        long logPageBlocks = PackageManager.Builder.DEFAULT_LOG_PAGE_BLOCKS;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--releases" -> releases = Integer.parseInt(args[++i]);
                case "--deps" -> deps = Integer.parseInt(args[++i]);
                case "--dep-bytes" -> depBytes = Long.parseLong(args[++i]);
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--log-page-blocks" -> logPageBlocks = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (repo == null || dir == null) {
            throw new IllegalArgumentException("usage: PmBenchmark --repo DPM_CHECKOUT --dir WORKDIR [--releases N] "
                    + "[--deps N] [--dep-bytes N] [--nodes N]");
        }
        Result r = run(repo, dir, releases, deps, depBytes, nodes, logPageBlocks, line -> {
            System.out.println(line);
            System.out.flush();
        });
        System.out.println();
        System.out.println(r);
    }

    /** Runs every benchmark under {@code dir} (a devnet on a free port, stopped at the end). */
    public static Result run(Path repoRoot, Path dir, int releases, int deps, long depBytes, int nodeCount,
            long logPageBlocks, java.util.function.Consumer<String> report) throws Exception {
        Devnet devnet = Devnet.builder(Devnet.anvilIn(repoRoot), dir.resolve("devnet")).port(0).build();
        DevnetInfo info = devnet.up();
        try (TransactionSender sender = TransactionSender.builder(info.rpc(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(3)), info.chainId())
                .pollInterval(Duration.ofMillis(100)).build();
                VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(info.rpc()))
                        .chainId(info.chainId()).build()) {
            RegistryWriter writer = new RegistryWriter(sender, info.registry());

            // 1. publish N metadata-only releases with dependencies between them, in batches
            long t0 = System.nanoTime();
            writer.publishBatch(syntheticReleases(releases));
            long publishMillis = millis(t0);

            // 2. the install benchmark's packages: app -> dep-01..dep-N, each with a payload
            Repo pubRepo = Repo.open(dir.resolve("publisher-repo"));
            Publisher publisher = Publisher.builder().repo(pubRepo).chain(reader).writer(writer).build();
            Path www = dir.resolve("www");
            Files.createDirectories(www);
            List<Publisher.Prepared> prepared = new ArrayList<>();
            StringBuilder appDeps = new StringBuilder();
            Random random = new Random(42);
            for (int i = 1; i <= deps; i++) {
                String name = String.format(Locale.ROOT, "dep-%02d", i);
                byte[] data = new byte[(int) depBytes];
                random.nextBytes(data);
                Path src = source(dir, name, "", "usr/share/" + name + "/data.bin", data);
                Files.write(www.resolve(name + ".bin"), data);
                prepared.add(publisher.prepare(src));
                appDeps.append(i > 1 ? ", " : "").append(name).append(" (>= 1.0)");
            }
            prepared.add(publisher.prepare(source(dir, "app", appDeps.toString(), "usr/bin/app", "app\n".getBytes())));
            publisher.registerBatch(prepared);

            List<StorageNode> nodes = new ArrayList<>();
            try (Nginx nginx = Nginx.serve(www, dir.resolve("nginx"))) {
                long t5 = System.nanoTime();
                List<Integer> held = replicate(pubRepo, prepared, dir, nodeCount, nodes);
                report.accept("replicated " + prepared.size() + " payloads to " + nodeCount + " nodes, "
                        + Math.min(REPLICAS, nodeCount) + " copies each (payloads held per node " + held
                        + ", each node its own blockstore): " + millis(t5) + " ms");
                AtomicLong fetchNanos = new AtomicLong();
                AtomicLong fetchFirst = new AtomicLong();
                AtomicLong syncStarted = new AtomicLong();
                AtomicLong eventsRead = new AtomicLong();
                PackageManagerListener timing = new PackageManagerListener() {
                    @Override
                    public void started(long fromBlock, long head) {
                        syncStarted.set(System.nanoTime());
                    }

                    @Override
                    public void eventsFetched(int count) {
                        eventsRead.set(System.nanoTime());
                    }

                    @Override
                    public void fetchStarted(String release, dev.dpm.content.Cid payload, long bytes, int index,
                            int total) {
                        fetchFirst.compareAndSet(0, System.nanoTime());
                    }

                    @Override
                    public void fetchFinished(String release, FetchSummary s) {
                        fetchNanos.set(System.nanoTime() - fetchFirst.get()); // wall time, first start to last end
                    }
                };
                try (PackageManager pm = PackageManager.builder(dir.resolve("root")).repo(Repo.open(dir.resolve("client-repo")))
                        .logPageBlocks(logPageBlocks).rpc(List.of(URI.create(info.rpc())), info.chainId(), 0)
                        .registry(info.registry()).registryFromBlock(info.deployBlock())
                        .resolveTimeLimit(Duration.ofSeconds(20))
                        .fetcher(HttpDagFetcher.builder().peers(nodes.stream().map(StorageNode::peer).toList()).build())
                        .listener(timing).build()) {
                    report.accept("published " + releases + " releases in batches: " + publishMillis + " ms");
                    long t1 = System.nanoTime();
                    SyncReport sync = pm.update();
                    long updateMillis = millis(t1);
                    report.accept("dpm update, fresh root: " + updateMillis + " ms for " + sync.totalReleases()
                            + " releases, " + sync.events() + " events, blocks " + sync.fromBlock() + ".." + sync.toBlock()
                            + "; reading and decoding the events took " + (eventsRead.get() - syncStarted.get()) / 1_000_000
                            + " ms, checking and storing them " + (System.nanoTime() - eventsRead.get()) / 1_000_000
                            + " ms");
                    if (sync.totalReleases() < releases + deps + 1) {
                        throw new IllegalStateException("the index holds " + sync.totalReleases() + " releases, expected "
                                + (releases + deps + 1));
                    }
                    long t2 = System.nanoTime();
                    pm.update();
                    long noopMillis = millis(t2);
                    report.accept("dpm update, nothing new: " + noopMillis + " ms");

                    long resolveMillis = -1;
                    for (String target : List.of(String.format(Locale.ROOT, "pkg-%05d", Math.min(100, releases / 2 - 1)),
                            String.format(Locale.ROOT, "pkg-%05d", releases / 2 - 1))) {
                        long t3 = System.nanoTime();
                        try {
                            OperationResult declined = pm.install(List.of(target), plan -> {
                                report.accept("  plan for " + target + ": " + plan.install().size() + " packages");
                                return false;
                            });
                            resolveMillis = millis(t3);
                            report.accept("resolve " + target + " on the index: " + resolveMillis + " ms ("
                                    + declined.status() + ")");
                        } catch (dev.dpm.core.resolve.ResolveException e) {
                            report.accept("resolve " + target + " on the index: no plan after " + millis(t3) + " ms: "
                                    + e.getMessage());
                        }
                    }

                    long t4 = System.nanoTime();
                    OperationResult r = pm.install(List.of("app"), plan -> true);
                    long installMillis = millis(t4);
                    report.accept("install app with " + deps + " deps from " + nodeCount + " nodes: " + installMillis
                            + " ms (fetch " + fetchNanos.get() / 1_000_000 + " ms)");
                    if (r.plan().install().size() != deps + 1) {
                        throw new IllegalStateException("install planned " + r.plan().install().size() + " packages");
                    }

                    long[] curl = curl(nginx, deps, dir.resolve("curl-out"));
                    report.accept("curl from nginx: " + curl[0] + " ms for " + curl[1] + " bytes");
                    return new Result(releases, publishMillis, updateMillis, noopMillis, resolveMillis, deps, depBytes,
                            nodeCount, held, installMillis, fetchNanos.get() / 1_000_000, curl[0], curl[1]);
                }
            } finally {
                nodes.forEach(StorageNode::close);
            }
        } finally {
            devnet.down();
        }
    }

    /** Copies of each payload among the benchmark's storage nodes. */
    static final int REPLICAS = 2;

    /**
     * Starts {@code nodeCount} storage nodes, each on its own blockstore ({@code dir/node-I}), and gives
     * payload {@code j} to nodes {@code j mod n} and {@code j+1 mod n} ({@value #REPLICAS} replicas; every
     * node when there are fewer), fetched from a node serving the publisher's repo (verified, as any peer
     * would replicate) and pinned there. The publisher's node is stopped before the client runs, so the
     * client fetches only from the replicas. Returns how many payloads each node holds (pinned).
     */
    private static List<Integer> replicate(Repo pubRepo, List<Publisher.Prepared> prepared, Path dir, int nodeCount,
            List<StorageNode> nodes) throws Exception {
        List<Repo> repos = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            repos.add(Repo.open(dir.resolve("node-" + i)));
        }
        try (StorageNode origin = StorageNode.builder(pubRepo.blockstore()).build().start()) {
            HttpDagFetcher fromOrigin = HttpDagFetcher.builder().peers(List.of(origin.peer())).build();
            for (int j = 0; j < prepared.size(); j++) {
                Publisher.Prepared p = prepared.get(j);
                if (p.payload() == null) {
                    continue;
                }
                for (int k = 0; k < Math.min(REPLICAS, nodeCount); k++) {
                    Repo r = repos.get((j + k) % nodeCount);
                    fromOrigin.fetch(p.payload(), r.blockstore(), dev.dpm.storage.FetchListener.NONE);
                    r.pin(p.payload());
                }
            }
        }
        List<Integer> held = new ArrayList<>();
        for (Repo r : repos) {
            held.add(r.pins().size());
            nodes.add(StorageNode.builder(r.blockstore()).build().start());
        }
        return held;
    }

    /** N releases: N/2 names, two versions each; each depends on up to three names of lower index. */
    static List<NewRelease> syntheticReleases(int n) throws Exception {
        List<NewRelease> out = new ArrayList<>(n);
        Random random = new Random(7);
        int names = Math.max(1, n / 2);
        for (int i = 0; i < n; i++) {
            int idx = i % names;
            String version = i < names ? "1.0" : "1.1";
            List<Dependency> depends = new ArrayList<>();
            for (int d = 0; d < 3 && idx > 0; d++) {
                depends.add(Dependency.parse(String.format(Locale.ROOT, "pkg-%05d (>= 1.0)", random.nextInt(idx))));
            }
            Manifest m = Manifest.builder().name(String.format(Locale.ROOT, "pkg-%05d", idx))
                    .version(DebianVersion.parse(version)).architecture("all")
                    .description("synthetic package " + idx + " for the update benchmark").depends(depends).build();
            byte[] bytes = m.toCanonicalBytes();
            out.add(new NewRelease(m.name(), version, ManifestCid.of(bytes), bytes));
        }
        return out;
    }

    private static Path source(Path dir, String name, String depends, String file, byte[] content) throws IOException {
        Path src = dir.resolve("src").resolve(name);
        Path f = src.resolve("files").resolve(file);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
        Files.writeString(src.resolve("dpm.control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
                + "Description: benchmark package " + name + "\n" + (depends.isEmpty() ? "" : "Depends: " + depends + "\n"));
        return src;
    }

    /** One curl fetching every dependency's bytes from nginx (keep-alive); returns {millis, bytes}. */
    private static long[] curl(Nginx nginx, int deps, Path out) throws IOException, InterruptedException {
        Files.createDirectories(out);
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--fail"));
        for (int i = 1; i <= deps; i++) {
            String name = String.format(Locale.ROOT, "dep-%02d.bin", i);
            cmd.add("-o");
            cmd.add(out.resolve(name).toString());
            cmd.add(nginx.url("/" + name).toString());
        }
        long t = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String msg = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("curl failed: " + msg);
        }
        long ms = millis(t);
        long bytes = 0;
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                bytes += Files.size(f);
            }
        }
        return new long[] {ms, bytes};
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static String size(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : bytes >= 1024 ? (bytes >> 10) + " KiB" : bytes + " B";
    }
}
