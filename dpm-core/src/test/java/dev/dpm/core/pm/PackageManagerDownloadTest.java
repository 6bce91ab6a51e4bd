package dev.dpm.core.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.unixfs.ImportResult;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.storage.DagFetcher;
import dev.dpm.storage.FetchSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code install --download-only} and {@code upgrade --download-only}: fetched into the repository, root untouched. */
class PackageManagerDownloadTest {
    @TempDir
    Path tmp;

    private final MemoryBlockstore origin = new MemoryBlockstore();
    private final AtomicInteger fetches = new AtomicInteger();
    private long block = 1;

    /** A stub peer: copies the origin's blocks of the asked payload into the repository. */
    private final DagFetcher peer = (root, into, listener) -> {
        fetches.incrementAndGet();
        long bytes = 0;
        for (Cid c : origin.allCids()) {
            byte[] b = origin.get(c).orElseThrow();
            try {
                into.put(c, b);
            } catch (dev.dpm.content.ContentException e) {
                throw new IllegalStateException("stub peer could not store " + c, e);
            }
            bytes += b.length;
        }
        return new FetchSummary(root, origin.allCids().size(), 0, bytes, Duration.ofMillis(1), Map.of(), Map.of());
    };

    /** Publishes {@code tool version} (one file, usr/bin/tool) into the root's index and the origin. */
    private void release(Path root, String version) throws Exception {
        String text = "tool " + version + "\n";
        Path src = tmp.resolve("src-" + version);
        Files.createDirectories(src.resolve("usr/bin"));
        Files.writeString(src.resolve("usr/bin/tool"), text);
        ImportResult imported = UnixfsImporter.builder().blockstore(origin).build().importPath(src);
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Manifest m = Manifest.builder().name("tool").version(DebianVersion.parse(version)).architecture("all")
                .description("a tool").payload(imported.root()).payloadSize(bytes.length)
                .files(List.of(FileEntry.dir("usr", 0755), FileEntry.dir("usr/bin", 0755),
                        FileEntry.file("usr/bin/tool", 0755, bytes.length,
                                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))))
                .build();
        TestIndex.put(root, m, block++);
    }

    private PackageManager pm(Path root, DagFetcher fetcher) throws Exception {
        PackageManager.Builder b = PackageManager.builder(root).repo(Repo.open(tmp.resolve("repo"))).seed(false);
        return (fetcher == null ? b : b.fetcher(fetcher)).build();
    }

    @Test
    void downloadOnlyFetchesThePlanAndALaterInstallNeedsNoPeer() throws Exception {
        Path root = tmp.resolve("root");
        release(root, "1.0");
        try (PackageManager pm = pm(root, peer)) {
            OperationResult declined = pm.download(List.of("tool"), false, plan -> false);
            assertThat(declined.status()).isEqualTo(OperationResult.Status.DECLINED);
            assertThat(fetches).as("a declined plan fetches nothing").hasValue(0);

            OperationResult r = pm.download(List.of("tool"), false, PlanApproval.ALWAYS);
            assertThat(r.status()).isEqualTo(OperationResult.Status.DOWNLOADED);
            assertThat(r.transaction()).isNull();
            assertThat(fetches).hasValue(1);
            assertThat(pm.list()).as("nothing installed").isEmpty();
            assertThat(pm.history()).isEmpty();
            assertThat(root.resolve("usr")).doesNotExist();
        }
        Repo repo = Repo.open(tmp.resolve("repo"));
        for (Cid c : origin.allCids()) {
            assertThat(repo.blockstore().has(c)).as("block %s in the repository", c).isTrue();
        }
        // no fetcher at all (no peers configured): the install reads what download-only fetched
        try (PackageManager pm = pm(root, null)) {
            OperationResult r = pm.install(List.of("tool"), PlanApproval.ALWAYS);
            assertThat(r.status()).isEqualTo(OperationResult.Status.DONE);
            assertThat(Files.readString(root.resolve("usr/bin/tool"))).isEqualTo("tool 1.0\n");
        }
    }

    @Test
    void upgradeDownloadOnlyFetchesTheUpgradesAndChangesNothing() throws Exception {
        Path root = tmp.resolve("root");
        release(root, "1.0");
        try (PackageManager pm = pm(root, peer)) {
            pm.install(List.of("tool"), PlanApproval.ALWAYS);
        }
        release(root, "2.0");
        try (PackageManager pm = pm(root, peer)) {
            OperationResult r = pm.downloadUpgrade(PlanApproval.ALWAYS);
            assertThat(r.status()).isEqualTo(OperationResult.Status.DOWNLOADED);
            assertThat(r.plan().upgrade()).hasSize(1);
            assertThat(pm.list()).singleElement().satisfies(p -> assertThat(p.version()).isEqualTo("1.0"));
            assertThat(Files.readString(root.resolve("usr/bin/tool"))).isEqualTo("tool 1.0\n");
        }
        try (PackageManager pm = pm(root, null)) {
            assertThat(pm.upgrade(PlanApproval.ALWAYS).status()).isEqualTo(OperationResult.Status.DONE);
            assertThat(Files.readString(root.resolve("usr/bin/tool"))).isEqualTo("tool 2.0\n");
        }
    }

    @Test
    void downloadOnlyOfAnInstalledDependencyLeavesItADependency() throws Exception {
        Path root = tmp.resolve("root");
        release(root, "1.0");
        TestIndex.put(root, Manifest.builder().name("app").version(DebianVersion.parse("1.0")).architecture("all")
                .description("needs tool").depends(List.of(dev.dpm.core.manifest.Dependency.parse("tool"))).build(),
                block++);
        try (PackageManager pm = pm(root, peer)) {
            pm.install(List.of("app"), PlanApproval.ALWAYS);
            assertThat(pm.list(dev.dpm.core.db.InstallReason.DEPENDENCY)).extracting(p -> p.name())
                    .containsExactly("tool");
            OperationResult r = pm.download(List.of("tool"), false, PlanApproval.ALWAYS);
            assertThat(r.status()).isEqualTo(OperationResult.Status.NOTHING_TO_DO);
            assertThat(pm.list(dev.dpm.core.db.InstallReason.DEPENDENCY)).as("download-only changes nothing in the root")
                    .extracting(p -> p.name()).containsExactly("tool");
        }
    }
}
