package dev.dpm.bench.eval;

import dev.dpm.content.Blockstore;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.storage.share.RendezvousHash;
import dev.dpm.storage.share.Rereplicator;
import dev.dpm.storage.share.RereplicationListener;
import dev.dpm.storage.share.RereplicationReport;
import dev.dpm.storage.share.SharePlacement;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The evaluation: dpm against a mirror on loopback, measured; the registry on anvil, measured; the
 * whole Debian archive on thousands of peers, simulated. {@link #run} measures, {@link ReportWriter}
 * writes the Markdown report and the PNG plots. Needs nginx-light and anvil (under the checkout's
 * node_modules); the registry part is skipped, with a note, if anvil cannot start.
 */
public final class EvalHarness {
    /** Sizes are clamped at 64 MiB of real size (scaled), so a run's time stays bounded. */
    static final long CLAMP_REAL_BYTES = 64L << 20;

    private EvalHarness() {
    }

    /** The bookworm main amd64 Packages list apt keeps, or empty. */
    public static List<Path> aptIndex(Path listsDir) throws IOException {
        return PackagesIndex.aptLists(listsDir, "bookworm", "amd64").stream()
                .filter(p -> p.getFileName().toString().contains("_dists_bookworm_main_")).toList();
    }

    /**
     * Runs every experiment of {@code config}.
     *
     * @param indexNote how the index was obtained (e.g. whether {@code apt-get update} refreshed it), for the report
     * @throws IOException if there is no Debian index, nginx cannot start, or a scratch file cannot be written
     */
    public static EvalResult run(EvalConfig config, String indexNote, EvalListener listener) throws Exception {
        Instant started = Instant.now();
        String loadAtStart = loadAverage();
        long t0 = System.nanoTime();
        List<String> notes = Collections.synchronizedList(new ArrayList<>());
        List<Path> index = config.indexFiles().isEmpty() ? aptIndex(Path.of("/var/lib/apt/lists"))
                : config.indexFiles();
        if (index.isEmpty()) {
            throw new IOException("no Debian bookworm main Packages index in /var/lib/apt/lists: run apt-get update "
                    + "with bookworm in the sources");
        }
        listener.phase("Debian index");
        DebianSizes debian = DebianSizes.read(index.get(0));
        listener.progress(String.format(Locale.ROOT, "%s: %,d packages, %.1f GiB of .debs", index.get(0),
                debian.count(), debian.totalBytes() / (double) (1L << 30)));

        listener.phase("archive");
        long clamp = Math.max(1, Math.round(CLAMP_REAL_BYTES * config.scale()));
        Archive archive = Archive.build(debian, config.packages(), config.scale(), clamp, config.seed(),
                config.work().resolve("www"));
        long[] sorted = archive.packages().stream().mapToLong(ArchivePackage::size).sorted().toArray();
        EvalResult.ArchiveSummary summary = new EvalResult.ArchiveSummary(archive.packages().size(),
                archive.fileBytes(), archive.dagBytes(), config.scale(), clamp, archive.clamped(),
                archive.packages().stream().mapToLong(ArchivePackage::realSize).sum(), sorted[0],
                sorted[sorted.length / 2], sorted[sorted.length - 1]);
        listener.progress(String.format(Locale.ROOT, "%d packages sampled, scaled by %s: %.1f MiB (DAGs %.1f MiB)",
                summary.packages(), scaleText(config.scale()), summary.fileBytes() / 1048576.0,
                summary.dagBytes() / 1048576.0));

        List<LoadResult> load = new ArrayList<>();
        listener.phase("mirror (nginx, one uplink of " + mib(config.capBytesPerSecond()) + "/s)");
        try (Mirror mirror = Mirror.start(archive.www(), config.work().resolve("nginx"), config.capBytesPerSecond())) {
            URI base = mirror.url();
            // warm-up (JIT, connections, page cache), not reported; the same for dpm below
            loadRun("mirror", 1, 0, 2, warmUp(config), archive, new ArrayList<>(), () -> mirrorClient(base));
            for (int c : config.clientCounts()) {
                LoadResult r = loadRun("mirror", 1, 0, c, config, archive, notes, () -> mirrorClient(base));
                load.add(r);
                listener.progress(line(r));
            }
        }
        for (int n : config.nodeCounts()) {
            int r = Math.min(config.replication(), n);
            listener.phase("dpm, N = " + n + " nodes, r = " + r + " (each " + mib(config.capBytesPerSecond()) + "/s)");
            try (Swarm swarm = Swarm.start(archive, n, r, config.capBytesPerSecond())) {
                loadRun("dpm", n, r, 2, warmUp(config), archive, new ArrayList<>(), () -> client(swarm));
                for (int c : config.clientCounts()) {
                    LoadResult res = loadRun("dpm", n, r, c, config, archive, notes, () -> client(swarm));
                    load.add(res);
                    listener.progress(line(res));
                }
            }
        }

        listener.phase("storage per node");
        List<EvalResult.StorageRow> storage = new ArrayList<>();
        TreeSet<Integer> ns = new TreeSet<>(config.nodeCounts());
        ns.add(config.churnNodes());
        for (int n : ns) {
            for (int r : config.replicationFactors()) {
                if (r > n) {
                    continue;
                }
                EvalResult.StorageRow row = storage(archive, n, r);
                storage.add(row);
                listener.progress(String.format(Locale.ROOT, "N = %d, r = %d: mean %.1f%% of the mirror, max %.1f%%",
                        n, r, 100 * row.meanFraction(), 100 * row.maxFraction()));
            }
        }

        listener.phase("a node leaving (N = " + config.churnNodes() + ")");
        EvalResult.ChurnResult churn = churn(config, archive, notes, listener);

        RegistryResult registry = null;
        InstallResult pm = null;
        listener.phase("registry on anvil");
        try {
            RegistryExperiment.Outcome o = RegistryExperiment.run(config, index.get(0), archive, notes, listener);
            registry = o.registry();
            pm = o.install();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                throw e;
            }
            notes.add("registry experiment failed: " + e);
            listener.progress("registry experiment failed: " + e);
        }

        listener.phase("simulation: the whole archive on thousands of peers");
        SimulationResult sim = ArchiveSimulation.run(debian, config.simPeers(), config.seed(), listener);

        return new EvalResult(config, started, Duration.ofNanos(System.nanoTime() - t0), indexNote + " ("
                + index.get(0) + ")", debian, summary, load, storage, churn, registry, pm, sim, List.copyOf(notes),
                String.format(Locale.ROOT, "%d cores; load average (1 min) %s at the start, %s at the end",
                        Runtime.getRuntime().availableProcessors(), loadAtStart, loadAverage()));
    }

    private static EvalConfig warmUp(EvalConfig config) {
        return config.withLoad(config.nodeCounts(), config.clientCounts(),
                config.runDuration().compareTo(Duration.ofSeconds(2)) < 0 ? config.runDuration() : Duration.ofSeconds(2));
    }

    private static LoadRun.Client mirrorClient(URI base) {
        MirrorClient client = new MirrorClient(base);
        return new LoadRun.Client() {
            @Override
            public long install(ArchivePackage p) throws Exception {
                return client.install(p);
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    private static LoadRun.Client client(Swarm swarm) {
        return new LoadRun.Client() {
            @Override
            public long install(ArchivePackage p) throws Exception {
                return swarm.install(p);
            }

            @Override
            public void close() {
            }
        };
    }

    private static LoadResult loadRun(String system, int n, int r, int c, EvalConfig config, Archive archive,
            List<String> notes, LoadRun.ClientFactory factory) throws InterruptedException {
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        LoadResult res = LoadRun.run(system, n, r, c, config.runDuration(), archive.packages(), config.seed() + c,
                factory, failures);
        if (!failures.isEmpty()) {
            notes.add(String.format(Locale.ROOT, "%s N=%d C=%d: %d failed installs, first: %s", system, n, c,
                    res.failures(), failures.get(0)));
        }
        return res;
    }

    static EvalResult.StorageRow storage(Archive archive, int n, int r) throws Exception {
        List<String> ids = new ArrayList<>();
        Map<String, Blockstore> stores = new HashMap<>();
        for (int i = 0; i < n; i++) {
            ids.add("node-" + i);
            stores.put("node-" + i, new MemoryBlockstore());
        }
        SharePlacement.place(archive.source(), archive.roots(), stores, new RendezvousHash(ids), r);
        long[] bytes = new long[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = stores.get(ids.get(i)).stat().bytes();
        }
        return new EvalResult.StorageRow(n, r, archive.fileBytes(), Arrays.stream(bytes).average().orElse(0),
                Arrays.stream(bytes).min().orElse(0), Arrays.stream(bytes).max().orElse(0));
    }

    private static EvalResult.ChurnResult churn(EvalConfig config, Archive archive, List<String> notes,
            EvalListener listener) throws Exception {
        int n = config.churnNodes();
        int c = config.churnClients();
        LoadResult before;
        LoadResult afterLeave;
        LoadResult afterRepair;
        RereplicationReport repair;
        long predicted;
        try (Swarm swarm = Swarm.start(archive, n, 2, config.capBytesPerSecond())) {
            before = loadRun("dpm", n, 2, c, config, archive, notes, () -> client(swarm));
            listener.progress("all nodes up:        " + line(before));
            String leaving = "node-1";
            Map<String, Long> share = swarm.storedBytes();
            swarm.kill(leaving);
            afterLeave = loadRun("dpm", n, 2, c, config, archive, notes, () -> client(swarm));
            listener.progress(leaving + " gone:       " + line(afterLeave));
            RendezvousHash before2 = swarm.hash();
            repair = new Rereplicator(4, Duration.ofMinutes(2)).afterLeave(archive.roots(), before2, leaving,
                    swarm.members(), 2, RereplicationListener.NONE);
            // the model of the simulation: the busiest new owner fetches its part at one uplink
            Map<String, Long> gained = new HashMap<>();
            RendezvousHash after = before2.without(leaving);
            for (ArchivePackage p : archive.packages()) {
                byte[] key = SharePlacement.key(p.root());
                List<String> old = before2.owners(key, 2);
                if (old.contains(leaving)) {
                    for (String id : after.owners(key, 2)) {
                        if (!old.contains(id)) {
                            gained.merge(id, p.dagBytes(), Long::sum);
                        }
                    }
                }
            }
            predicted = Math.round(gained.values().stream().mapToLong(Long::longValue).max().orElse(0) * 1000.0
                    / config.capBytesPerSecond());
            listener.progress(String.format(Locale.ROOT,
                    "re-replicated %d DAG copies (%.1f MiB of the %.1f MiB share) in %,d ms",
                    repair.rootsCopied(), repair.bytesCopied() / 1048576.0, share.get(leaving) / 1048576.0,
                    repair.elapsed().toMillis()));
            swarm.setClientView(after);
            afterRepair = loadRun("dpm", n, 2, c, config, archive, notes, () -> client(swarm));
            listener.progress("after re-replication: " + line(afterRepair));
        }
        LoadResult rOne;
        int lost;
        try (Swarm swarm = Swarm.start(archive, n, 1, config.capBytesPerSecond())) {
            swarm.kill("node-1");
            RendezvousHash h = swarm.hash();
            lost = (int) archive.packages().stream()
                    .filter(p -> h.owners(SharePlacement.key(p.root()), 1).contains("node-1")).count();
            rOne = loadRun("dpm-r1", n, 1, c, config, archive, new ArrayList<>(), () -> client(swarm));
            listener.progress(String.format(Locale.ROOT, "r = 1, node-1 gone: %d of %d packages lost; %s", lost,
                    archive.packages().size(), line(rOne)));
        }
        return new EvalResult.ChurnResult(n, before, afterLeave, afterRepair, repair.rootsCopied(),
                repair.bytesCopied(), repair.elapsed().toMillis(), predicted, rOne, lost);
    }

    static String line(LoadResult r) {
        return String.format(Locale.ROOT, "%-6s N=%-3d C=%-3d %5d installs, %d failed, p50 %8.1f ms, p95 %8.1f ms, "
                        + "p99 %8.1f ms, max %8.0f ms, %7.2f MiB/s", r.system(), r.nodes(), r.clients(), r.installs(),
                r.failures(), r.p50(), r.p95(), r.p99(), r.max(), r.mibPerSecond());
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    static String scaleText(double scale) {
        return scale >= 1 ? String.format(Locale.ROOT, "%.2f", scale)
                : String.format(Locale.ROOT, "1/%d", Math.round(1 / scale));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /** Deletes a scratch tree. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
