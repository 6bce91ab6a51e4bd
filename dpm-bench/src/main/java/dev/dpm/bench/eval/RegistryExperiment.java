package dev.dpm.bench.eval;

import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.NewRelease;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.core.debimport.DebianIndexImporter;
import dev.dpm.core.debimport.IndexImportListener;
import dev.dpm.core.debimport.IndexImportProgress;
import dev.dpm.core.debimport.IndexImportResult;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.DpmException;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.storage.StorageException;
import dev.dpm.core.pm.PackageManagerListener;
import dev.dpm.core.publish.Publisher;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.NodeLimits;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Credentials;

/**
 * Gas per publish and per governance action from real receipts, and fresh {@code dpm update} times at
 * growing registry sizes, on an anvil devnet it starts under {@code dir} and stops. The releases are
 * the metadata of the real Debian index (the first stanzas), published by {@link DebianIndexImporter}
 * in batches.
 */
final class RegistryExperiment {
    private RegistryExperiment() {
    }

    /** The registry figures and the full install (null when {@code config.pmDeps()} is 0). */
    record Outcome(RegistryResult registry, InstallResult install) {
    }

    /**
     * Blocks per {@code eth_getLogs} page of the timed updates. Debian manifests ride in the events (about
     * 2.7 KB of log data each) and anvil packs up to ~160 of them in a block, so PackageManager's default
     * page (2,000 blocks) exceeds the RPC client's 16 MiB answer bound at about 6,000 releases; 10 blocks
     * stay below 5 MB.
     */
    static final long LOG_PAGE_BLOCKS = 10;

    static Outcome run(EvalConfig config, Path index, Archive archive, List<String> notes, EvalListener listener)
            throws Exception {
        Path dir = config.work().resolve("registry");
        List<Integer> steps = config.releaseSteps();
        Devnet devnet = Devnet.builder(Devnet.anvilIn(config.repoRoot()), dir.resolve("devnet"))
                .keystoreDir(dir.resolve("keystore")).port(0).build();
        DevnetInfo info = devnet.up();
        Map<String, Long> gas = new LinkedHashMap<>();
        List<RegistryResult.UpdateStep> out = new ArrayList<>();
        double rate;
        double manifestBytes;
        InstallResult install = null;
        try (TransactionSender publisherTx = sender(info, 3); TransactionSender admin0 = sender(info, 0);
             TransactionSender admin1 = sender(info, 1);
             VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(info.rpc()))
                     .chainId(info.chainId()).build()) {
            RegistryWriter pub = new RegistryWriter(publisherTx, info.registry());
            RegistryWriter a0 = new RegistryWriter(admin0, info.registry());
            RegistryWriter a1 = new RegistryWriter(admin1, info.registry());

            // Real Debian manifests for the single-transaction figures, renamed so the importer's run is unaffected.
            List<Manifest> sample = new ArrayList<>();
            PackagesIndex.read(index, "debian:bookworm", m -> {
                if (sample.size() < 102) {
                    sample.add(m);
                }
            });
            manifestBytes = sample.stream().mapToInt(m -> m.toCanonicalBytes().length).average().orElse(0);
            listener.progress("gas: single publishes, a batch of 100, governance");
            gas.put("publish: first release of a new name", pub.publish(release(sample.get(0), "evalgas-a", "1.0"))
                    .gasUsed());
            gas.put("publish: new release of an existing name", pub.publish(release(sample.get(0), "evalgas-a", "1.1"))
                    .gasUsed());
            List<NewRelease> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(release(sample.get(2 + i), "evalgas-b" + i, "1.0"));
            }
            List<TxReceipt> receipts = pub.publishBatch(batch);
            gas.put("publish: per release in a batch of 100 (new names)",
                    receipts.stream().mapToLong(TxReceipt::gasUsed).sum() / 100);
            gas.put("yank a release", pub.yank("evalgas-a", "1.0").gasUsed());
            RegistryWriter.Proposed p = a0.proposeAddPublisher(DevnetAccounts.ADDRESSES.get(5));
            gas.put("governance: propose (add publisher, with proposer's approval)", p.receipt().gasUsed());
            gas.put("governance: approval that executes (add publisher)", a1.approve(p.id()).gasUsed());
            RegistryWriter.Proposed t = a0.proposeThreshold(2);
            gas.put("governance: propose (set threshold)", t.receipt().gasUsed());
            gas.put("governance: approval that executes (set threshold)", a1.approve(t.id()).gasUsed());

            long published = 0;
            long publishNanos = 0;
            for (int step : steps) {
                listener.progress("registry: publishing Debian metadata up to " + step + " stanzas");
                IndexImportResult r = DebianIndexImporter.builder().index(index).origin("debian:bookworm")
                        .writer(pub).chain(reader).limit(step).listener(new IndexImportListener() {
                            @Override
                            public void progress(IndexImportProgress pr) {
                                listener.progress(String.format("  %,d/%,d published", pr.done(), pr.total()));
                            }
                        }).build().run();
                published += r.published();
                publishNanos += r.publishing().toNanos();
                try {
                    // two fresh roots, the faster one counts: the first also pays JIT and SQLite warm-up
                    long best = Long.MAX_VALUE;
                    long total = 0;
                    for (String attempt : List.of("a", "b")) {
                        Path root = dir.resolve("root-" + step + attempt);
                        try (PackageManager pm = PackageManager.builder(root).repo(Repo.open(root.resolve("repo")))
                                .rpc(List.of(URI.create(info.rpc())), info.chainId(), 0).registry(info.registry())
                                .logPageBlocks(LOG_PAGE_BLOCKS).build()) {
                            long t0 = System.nanoTime();
                            SyncReport sync = pm.update();
                            best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
                            total = sync.totalReleases();
                        }
                    }
                    out.add(new RegistryResult.UpdateStep(total, best, total));
                    listener.progress(String.format("registry: dpm update of %,d releases on a fresh root: %,d ms "
                            + "(faster of two)", total, best));
                } catch (DpmException e) {
                    notes.add("dpm update at " + step + " stanzas failed: " + e.getMessage());
                    listener.progress("registry: dpm update failed: " + e.getMessage());
                    break;
                }
            }
            rate = publishNanos > 0 ? published / (publishNanos / 1e9) : 0;
            if (config.pmDeps() > 0) {
                listener.progress("full install through PackageManager: publishing " + config.pmDeps()
                        + " sampled packages and an app depending on them");
                try {
                    install = install(config, archive, dir, info, reader, pub, listener);
                } catch (DpmException | StorageException | IOException e) {
                    notes.add("full install through PackageManager failed: " + e.getMessage());
                    listener.progress("full install failed: " + e.getMessage());
                }
            }
        } finally {
            devnet.down();
        }
        return new Outcome(new RegistryResult(gas, out, rate, manifestBytes), install);
    }

    /** Publishes the first {@code pmDeps} archive packages (real payloads) and installs them through PackageManager. */
    private static InstallResult install(EvalConfig config, Archive archive, Path dir, DevnetInfo info,
            VerifiedChainReader reader, RegistryWriter writer, EvalListener listener) throws Exception {
        Repo pubRepo = Repo.open(dir.resolve("publisher-repo"));
        Publisher publisher = Publisher.builder().repo(pubRepo).chain(reader).writer(writer).build();
        List<Publisher.Prepared> prepared = new ArrayList<>();
        List<ArchivePackage> deps = archive.packages().subList(0, Math.min(config.pmDeps(), archive.packages().size()));
        StringBuilder depends = new StringBuilder();
        long bytes = 0;
        for (int i = 0; i < deps.size(); i++) {
            ArchivePackage p = deps.get(i);
            String name = "evalpkg-" + i;
            byte[] data = Files.readAllBytes(archive.www().resolve(p.path().substring(1)));
            bytes += data.length;
            prepared.add(publisher.prepare(source(dir, name, "", "usr/share/" + name + "/" + p.name() + ".bin", data)));
            depends.append(i > 0 ? ", " : "").append(name);
        }
        prepared.add(publisher.prepare(source(dir, "evalapp", depends.toString(), "usr/bin/evalapp",
                "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8))));
        publisher.registerBatch(prepared);
        NodeLimits limits = NodeLimits.defaults().withRequestRate(0, 1).withMaxBytesPerSecond(config.capBytesPerSecond());
        List<StorageNode> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(StorageNode.builder(pubRepo.blockstore()).limits(limits).build().start());
            }
            AtomicLong fetchNanos = new AtomicLong();
            Path root = dir.resolve("install-root");
            long installMillis;
            try (PackageManager pm = PackageManager.builder(root).repo(Repo.open(dir.resolve("client-repo")))
                    .rpc(List.of(URI.create(info.rpc())), info.chainId(), 0).registry(info.registry())
                    .logPageBlocks(LOG_PAGE_BLOCKS).fetcher(HttpDagFetcher.builder().peers(nodes.stream().map(StorageNode::peer).toList()).build())
                    .listener(new PackageManagerListener() {
                        @Override
                        public void fetchFinished(String release, FetchSummary s) {
                            fetchNanos.addAndGet(s.elapsed().toNanos());
                        }
                    }).build()) {
                pm.update();
                long t0 = System.nanoTime();
                OperationResult r = pm.install(List.of("evalapp"), plan -> true);
                installMillis = (System.nanoTime() - t0) / 1_000_000;
                if (r.status() != OperationResult.Status.DONE) {
                    throw new IllegalStateException("install of evalapp ended " + r.status());
                }
            }
            long mirrorMillis;
            try (Mirror mirror = Mirror.start(archive.www(), dir.resolve("nginx"), config.capBytesPerSecond());
                 MirrorClient client = new MirrorClient(mirror.url())) {
                long t0 = System.nanoTime();
                for (ArchivePackage p : deps) {
                    client.install(p);
                }
                mirrorMillis = (System.nanoTime() - t0) / 1_000_000;
            }
            listener.progress(String.format("install of %d packages (%.1f MiB) through PackageManager: %,d ms "
                    + "(fetch %,d ms); the same files from the mirror: %,d ms", deps.size(), bytes / 1048576.0,
                    installMillis, fetchNanos.get() / 1_000_000, mirrorMillis));
            return new InstallResult(deps.size(), bytes, nodes.size(), installMillis, fetchNanos.get() / 1_000_000,
                    mirrorMillis);
        } finally {
            nodes.forEach(StorageNode::close);
        }
    }

    private static Path source(Path dir, String name, String depends, String file, byte[] content) throws IOException {
        Path src = dir.resolve("src").resolve(name);
        Path f = src.resolve("files").resolve(file);
        Files.createDirectories(f.getParent());
        Files.write(f, content);
        Files.writeString(src.resolve("dpm.control"), "Package: " + name + "\nVersion: 1.0\nArchitecture: all\n"
                + "Description: evaluation package " + name + "\n"
                + (depends.isEmpty() ? "" : "Depends: " + depends + "\n"));
        return src;
    }

    private static NewRelease release(Manifest m, String name, String version) throws Exception {
        byte[] bytes = m.toBuilder().name(name).version(dev.dpm.core.version.DebianVersion.parse(version)).build()
                .toCanonicalBytes();
        return new NewRelease(name, version, ManifestCid.of(bytes), bytes);
    }

    private static TransactionSender sender(DevnetInfo info, int account) {
        return TransactionSender.builder(info.rpc(), Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(account)),
                info.chainId()).pollInterval(Duration.ofMillis(100)).build();
    }
}
