package dev.dpm.core.debimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.MaintainerScript;
import dev.dpm.core.pm.OperationResult;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PlanApproval;
import dev.dpm.core.publish.PublishResult;
import dev.dpm.core.publish.Publisher;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * Real Debian packages, fetched by {@code apt-get download}, imported, published on anvil, served by a
 * dpm node and installed by the package manager into an empty root; every installed file is compared
 * with what {@code dpkg-deb -x} (the oracle) extracts from the same {@code .deb}, and the control part
 * with what {@code dpkg-deb -e} and {@code dpkg-deb -f} give.
 */
class DebImportIT {
    /** Small packages with symlinks and maintainer scripts, and their whole dependency closure. */
    static final List<String> TARGETS = List.of("hello", "tree", "less", "mawk");
    static final List<String> CLOSURE = List.of("hello", "tree", "less", "mawk", "libc6", "libgcc-s1", "gcc-12-base",
            "libtinfo6");

    @TempDir
    static Path tmp;
    static Path debs;
    static Devnet devnet;
    static DevnetInfo info;

    @BeforeAll
    static void setUp() throws Exception {
        debs = Files.createDirectories(tmp.resolve("debs"));
        List<String> cmd = new ArrayList<>(List.of("apt-get", "download", "-q"));
        cmd.addAll(CLOSURE);
        String out = runBounded(debs, 300, cmd.toArray(String[]::new));
        Path repoRoot = Path.of(System.getProperty("dpm.repo.root"));
        devnet = Devnet.builder(Devnet.anvilIn(repoRoot), tmp.resolve("devnet")).port(0).build();
        info = devnet.up();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (devnet != null) {
            devnet.down();
        }
    }

    static Path deb(String name) throws IOException {
        try (Stream<Path> s = Files.list(debs)) {
            return s.filter(f -> f.getFileName().toString().startsWith(name + "_")).findFirst().orElseThrow();
        }
    }

    static String run(Path dir, String... cmd) throws Exception {
        return runBounded(dir, 120, cmd);
    }

    /**
     * Runs {@code cmd} in {@code dir}, its output to a file (a pipe read until its end would wait for ever
     * on a hung child, uninterruptibly), for at most {@code seconds}; requires exit status 0.
     */
    static String runBounded(Path dir, int seconds, String... cmd) throws Exception {
        ProcessResult r = exec(dir, seconds, cmd);
        assertThat(r.code()).as("%s: %s", String.join(" ", cmd), r.out()).isZero();
        return r.out();
    }

    record ProcessResult(int code, String out) {
    }

    /** Runs {@code cmd} as {@link #runBounded} does, whatever its exit status; fails if it does not end. */
    static ProcessResult exec(Path dir, int seconds, String... cmd) throws Exception {
        Path log = Files.createTempFile(tmp, "run", ".log");
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        boolean exited = p.waitFor(seconds, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(log);
        assertThat(exited).as("%s ends within %d s: %s", String.join(" ", cmd), seconds, out).isTrue();
        return new ProcessResult(p.exitValue(), out);
    }

    @Test
    void realDebsArePublishedAndInstalledByteIdenticalToDpkgDeb() throws Exception {
        Repo pubRepo = Repo.open(tmp.resolve("publisher-repo"));
        Credentials key = Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(3));
        try (TransactionSender sender = TransactionSender.builder(info.rpc(), key, info.chainId())
                        .pollInterval(Duration.ofMillis(100)).build();
                VerifiedChainReader chain = VerifiedChainReader.builder().endpoint(URI.create(info.rpc()))
                        .chainId(info.chainId()).build()) {
            Publisher publisher = Publisher.builder().repo(pubRepo).chain(chain)
                    .writer(new RegistryWriter(sender, info.registry())).build();
            DebImporter importer = DebImporter.builder().blockstore(pubRepo.blockstore()).build();
            DebPublisher debPublisher = new DebPublisher(pubRepo, publisher);
            for (String name : CLOSURE) {
                Path deb = deb(name);
                ImportedDeb d = importer.importDeb(deb, tmp.resolve("work/" + name));
                checkControl(deb, d);
                PublishResult r = debPublisher.publish(d);
                assertThat(r.alreadyPublished()).isFalse();
                assertThat(r.payload()).isEqualTo(d.manifest().payload());
                // Publishing the same .deb again is a no-op, not an error.
                assertThat(debPublisher.publish(importer.importDeb(deb, tmp.resolve("work2/" + name)))
                        .alreadyPublished()).isTrue();
            }
        }

        Path root = tmp.resolve("root");
        try (StorageNode node = StorageNode.builder(pubRepo.blockstore()).port(0).build().start()) {
            try (PackageManager pm = PackageManager.builder(root).repo(Repo.open(tmp.resolve("user-repo")))
                    .rpc(List.of(URI.create(info.rpc())), info.chainId(), 0).registry(info.registry())
                    .fetcher(HttpDagFetcher.builder().peer(node.peer()).build()).build()) {
                pm.update();
                OperationResult r = pm.install(TARGETS, PlanApproval.ALWAYS);
                assertThat(r.status()).isEqualTo(OperationResult.Status.DONE);
                assertThat(pm.list()).extracting(p -> p.name()).containsExactlyInAnyOrderElementsOf(CLOSURE);
            }
        }
        for (String name : CLOSURE) {
            Path oracle = tmp.resolve("dpkg-x/" + name);
            Files.createDirectories(oracle);
            run(tmp, "dpkg-deb", "-x", deb(name).toString(), oracle.toString());
            assertSameTree(name, oracle, root);
        }
    }

    /** Control fields and kept members against dpkg-deb's own reading of the package. */
    private static void checkControl(Path deb, ImportedDeb d) throws Exception {
        Manifest m = d.manifest();
        Path dir = tmp;
        assertThat(m.name()).isEqualTo(run(dir, "dpkg-deb", "-f", deb.toString(), "Package").strip());
        assertThat(m.version().toString()).isEqualTo(run(dir, "dpkg-deb", "-f", deb.toString(), "Version").strip());
        assertThat(m.architecture()).isEqualTo(run(dir, "dpkg-deb", "-f", deb.toString(), "Architecture").strip());
        assertThat(m.depends()).isEqualTo(Dependency.parseList("depends",
                blankToNull(run(dir, "dpkg-deb", "-f", deb.toString(), "Depends").strip())));
        assertThat(m.preDepends()).isEqualTo(Dependency.parseList("preDepends",
                blankToNull(run(dir, "dpkg-deb", "-f", deb.toString(), "Pre-Depends").strip())));
        assertThat(m.installedSize()).isEqualTo(1024 * Long.parseLong(
                run(dir, "dpkg-deb", "-f", deb.toString(), "Installed-Size").strip()));
        // dpkg-deb -e gives the control members: every one but control and md5sums is kept, byte for byte.
        Path ctl = Files.createDirectories(tmp.resolve("ctl")).resolve(m.name());
        run(dir, "dpkg-deb", "-e", deb.toString(), ctl.toString());
        Map<String, byte[]> expected = new TreeMap<>();
        try (Stream<Path> s = Files.list(ctl)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if (!n.equals("control") && !n.equals("md5sums")) {
                    expected.put(n, Files.readAllBytes(f));
                }
            }
        }
        assertThat(m.scripts().keySet()).containsExactlyElementsOf(expected.keySet());
        Repo pub = Repo.open(tmp.resolve("publisher-repo"));
        for (Map.Entry<String, byte[]> e : expected.entrySet()) {
            MaintainerScript s = m.scripts().get(e.getKey());
            byte[] kept = s.text() != null ? s.text().getBytes(StandardCharsets.UTF_8)
                    : pub.blockstore().get(s.cid()).orElseThrow();
            assertThat(kept).as("%s %s", m.name(), e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(d.maintainerScripts()).allMatch(DebArchive.MAINTAINER_SCRIPTS::contains);
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    /** Every entry dpkg-deb extracted is in the root with the same type, mode, content or target. */
    private static void assertSameTree(String pkg, Path oracle, Path root) throws IOException {
        List<Path> entries;
        try (Stream<Path> s = Files.walk(oracle)) {
            entries = s.filter(p -> !p.equals(oracle)).toList();
        }
        assertThat(entries).as(pkg).isNotEmpty();
        for (Path o : entries) {
            String rel = oracle.relativize(o).toString();
            Path r = root.resolve(rel);
            String what = pkg + ": " + rel;
            if (Files.isSymbolicLink(o)) {
                assertThat(Files.isSymbolicLink(r)).as(what + " is a symlink").isTrue();
                assertThat(Files.readSymbolicLink(r)).as(what).isEqualTo(Files.readSymbolicLink(o));
                continue;
            }
            assertThat(Files.exists(r, LinkOption.NOFOLLOW_LINKS)).as(what + " exists").isTrue();
            assertThat(mode(r)).as(what + " mode").isEqualTo(mode(o));
            if (Files.isDirectory(o, LinkOption.NOFOLLOW_LINKS)) {
                assertThat(Files.isDirectory(r, LinkOption.NOFOLLOW_LINKS)).as(what + " is a directory").isTrue();
            } else {
                assertThat(Files.isRegularFile(r, LinkOption.NOFOLLOW_LINKS)).as(what + " is a file").isTrue();
                assertThat(Files.mismatch(o, r)).as(what + " content").isEqualTo(-1L);
            }
        }
    }

    private static int mode(Path p) throws IOException {
        return ((Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS)) & 07777;
    }

    @Test
    void aCorruptRealDebIsReportedNamingFileAndMember() throws Exception {
        byte[] bytes = Files.readAllBytes(deb("hello"));
        for (int i = bytes.length / 2; i < bytes.length / 2 + 64; i++) {
            bytes[i] ^= (byte) 0xff;
        }
        Path bad = Files.write(tmp.resolve("hello-corrupt.deb"), bytes);
        Repo repo = Repo.open(tmp.resolve("corrupt-repo"));
        assertThatThrownBy(() -> DebImporter.builder().blockstore(repo.blockstore()).build()
                .importDeb(bad, tmp.resolve("work-corrupt")))
                .isInstanceOf(DebFormatException.class)
                .hasMessageStartingWith(bad + ": data.tar.xz");
        // dpkg-deb agrees the package is broken.
        assertThat(exec(tmp, 120, "dpkg-deb", "-x", bad.toString(), tmp.resolve("x-corrupt").toString()).code())
                .isNotZero();
    }
}
