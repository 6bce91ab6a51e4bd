package dev.dpm.core.scenario;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.HighestSeenStore;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PackageManagerListener;
import dev.dpm.core.pm.PlanApproval;
import dev.dpm.core.publish.PublishListener;
import dev.dpm.core.publish.PublishResult;
import dev.dpm.core.publish.Publisher;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.Peer;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pacman-style scenario: a fresh registry on the class's anvil, the publisher's repository served by
 * real dpm storage nodes, package sources written and published through {@link Publisher}, and a client
 * {@link PackageManager} on its own install root and repository, fetching from those nodes.
 *
 * <pre>{@code
 * s.pkg("app", "1.0").depends("lib (>= 1)").file("usr/bin/app", "#!/bin/sh\n").publish();
 * s.pkg("lib", "1.0").file("usr/lib/lib.so", "lib").publish();
 * s.update();
 * s.install("app");
 * assertThat(s.installed()).containsExactly("app 1.0", "lib 1.0");
 * }</pre>
 */
public final class Scenario implements AutoCloseable {
    private final ScenarioChain chain;
    private final Path dir;
    private final String registry;
    private final Repo publisherRepo;
    private final List<StorageNode> nodes = new ArrayList<>();
    private final Path root;
    private final Repo clientRepo;
    private final List<String> recoveries = new ArrayList<>();
    private final List<TransactionSender> senders = new ArrayList<>();
    private PackageManager pm;

    /** A scenario under {@code dir} with {@code nodeCount} storage nodes serving the publisher's repository. */
    public Scenario(ScenarioChain chain, Path dir, int nodeCount) throws Exception {
        this.chain = chain;
        this.dir = dir;
        this.registry = chain.deployRegistry();
        this.publisherRepo = Repo.open(dir.resolve("publisher-repo"));
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(StorageNode.builder(publisherRepo.blockstore()).build().start());
        }
        this.root = dir.resolve("root");
        this.clientRepo = Repo.open(dir.resolve("client-repo"));
    }

    public String registry() {
        return registry;
    }

    public Path root() {
        return root;
    }

    public Repo clientRepo() {
        return clientRepo;
    }

    public List<StorageNode> nodes() {
        return nodes;
    }

    /** Lines of recovery reports the package manager gave its listener. */
    public List<String> recoveries() {
        return recoveries;
    }

    /** Starts describing a package source {@code name} {@code version}. */
    public PackageSource pkg(String name, String version) {
        return new PackageSource(name, version);
    }

    /** A publisher signing as anvil account {@code account}. */
    public Publisher publisher(int account) {
        TransactionSender sender = chain.sender(account);
        senders.add(sender);
        return Publisher.builder().repo(publisherRepo).chain(reader(HighestSeenStore.inMemory()))
                .writer(new RegistryWriter(sender, registry)).listener(PublishListener.NONE).build();
    }

    /** Yanks a release as its publisher. */
    public void yank(String name, String version) throws Exception {
        try (TransactionSender s = chain.sender(ScenarioChain.PUBLISHER)) {
            new RegistryWriter(s, registry).yank(name, version);
        }
    }

    private VerifiedChainReader reader(HighestSeenStore store) {
        return VerifiedChainReader.builder().endpoint(URI.create(chain.rpc())).chainId(ScenarioChain.CHAIN_ID)
                .highestSeenStore(store).build();
    }

    /** The client's package manager (built on first use). */
    public PackageManager pm() throws Exception {
        if (pm == null) {
            List<Peer> peers = nodes.stream().map(StorageNode::peer).toList();
            pm = PackageManager.builder(root).repo(clientRepo)
                    .chain(ScenarioChain.CHAIN_ID, this::reader).registry(registry)
                    .fetcher(HttpDagFetcher.builder().peers(peers).build())
                    .listener(new PackageManagerListener() {
                        @Override
                        public void recovered(dev.dpm.core.install.RecoveryReport report) {
                            recoveries.add(report.describe());
                        }
                    }).build();
        }
        return pm;
    }

    /** Closes the client's package manager (the next {@link #pm()} opens a new one, as a new process would). */
    public void reopen() {
        if (pm != null) {
            pm.close();
            pm = null;
        }
    }

    public SyncReport update() throws Exception {
        return pm().update();
    }

    public OperationResult install(String... specs) throws Exception {
        return pm().install(List.of(specs), PlanApproval.ALWAYS);
    }

    public OperationResult remove(boolean autoremove, String... names) throws Exception {
        return pm().remove(List.of(names), autoremove, PlanApproval.ALWAYS);
    }

    public OperationResult upgrade() throws Exception {
        return pm().upgrade(PlanApproval.ALWAYS);
    }

    /** The installed set as {@code "name version"}, by name. */
    public List<String> installed() throws Exception {
        return pm().list().stream().map(p -> p.name() + " " + p.version()).toList();
    }

    /** The installed packages. */
    public List<InstalledPackage> installedPackages() throws Exception {
        return pm().list();
    }

    /** The text of an installed file. */
    public String file(String path) throws IOException {
        return Files.readString(root.resolve(path), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        reopen();
        nodes.forEach(StorageNode::close);
        senders.forEach(TransactionSender::close);
    }

    /** A package source directory being described; {@link #publish()} writes and publishes it. */
    public final class PackageSource {
        private final Map<String, String> fields = new LinkedHashMap<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private final List<String> executables = new ArrayList<>();
        private final Map<String, String> symlinks = new LinkedHashMap<>();

        private PackageSource(String name, String version) {
            fields.put("Package", name);
            fields.put("Version", version);
            fields.put("Architecture", "all");
            fields.put("Description", "scenario package " + name);
        }

        public PackageSource depends(String v) {
            fields.put("Depends", v);
            return this;
        }

        public PackageSource conflicts(String v) {
            fields.put("Conflicts", v);
            return this;
        }

        public PackageSource provides(String v) {
            fields.put("Provides", v);
            return this;
        }

        public PackageSource field(String name, String value) {
            fields.put(name, value);
            return this;
        }

        public PackageSource file(String path, String content) {
            files.put(path, content);
            return this;
        }

        public PackageSource executable(String path, String content) {
            executables.add(path);
            return file(path, content);
        }

        public PackageSource symlink(String path, String target) {
            symlinks.put(path, target);
            return this;
        }

        /** Writes the source directory; returns it. */
        public Path write() throws IOException {
            Path src = dir.resolve("src").resolve(fields.get("Package") + "_" + fields.get("Version").replace(':', '_'));
            Files.createDirectories(src.resolve("files"));
            StringBuilder control = new StringBuilder();
            fields.forEach((k, v) -> control.append(k).append(": ").append(v).append('\n'));
            Files.writeString(src.resolve("dpm.control"), control.toString());
            for (Map.Entry<String, String> f : files.entrySet()) {
                Path p = src.resolve("files").resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, f.getValue());
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        executables.contains(f.getKey()) ? "rwxr-xr-x" : "rw-r--r--"));
            }
            for (Map.Entry<String, String> l : symlinks.entrySet()) {
                Path p = src.resolve("files").resolve(l.getKey());
                Files.createDirectories(p.getParent());
                Files.createSymbolicLink(p, Path.of(l.getValue()));
            }
            return src;
        }

        /** Writes and publishes it as the scenario's publisher. */
        public PublishResult publish() throws Exception {
            return publishAs(ScenarioChain.PUBLISHER);
        }

        public PublishResult publishAs(int account) throws Exception {
            return publisher(account).publish(write());
        }
    }
}
