package dev.dpm.core.debimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.registry.RegistryEvent;
import dev.dpm.chain.registry.RegistryEvents;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.core.manifest.ControlFile;
import dev.dpm.core.manifest.Manifest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/**
 * A slice of the real bookworm main Packages index (the first 2,000 stanzas of the file apt keeps in
 * {@code /var/lib/apt/lists}) published on anvil, interrupted, resumed from a checkpoint that lags
 * behind the chain (as after a crash between a confirmed batch and its checkpoint), and run once more
 * without any checkpoint; the registry's events then hold every release of the slice exactly once,
 * each with the manifest the stanza gives (checked against the stanza text itself).
 */
class IndexImportIT {
    static final int SLICE = 2000;
    static final int BATCH = 250;

    @TempDir
    static Path tmp;
    static Devnet devnet;
    static DevnetInfo info;
    static Path slice;

    @BeforeAll
    static void setUp() throws Exception {
        List<Path> lists = PackagesIndex.aptLists(Path.of("/var/lib/apt/lists"), "bookworm", "amd64");
        Path main = lists.stream().filter(p -> p.getFileName().toString().contains("_dists_bookworm_main_"))
                .findFirst().orElseThrow(() -> new AssertionError("no bookworm main Packages list in /var/lib/apt/lists "
                        + "(run apt-get update)"));
        slice = tmp.resolve("Packages");
        int n = 0;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(PackagesIndex.open(main), StandardCharsets.UTF_8));
                Writer w = Files.newBufferedWriter(slice)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isEmpty() && ++n == SLICE) {
                    break;
                }
                w.write(line);
                w.write('\n');
            }
        }
        assertThat(n).isEqualTo(SLICE);
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

    private DebianIndexImporter.Builder importer(RegistryWriter writer, VerifiedChainReader chain, Path checkpoint) {
        return DebianIndexImporter.builder().index(slice).origin("debian:bookworm/main").writer(writer).chain(chain)
                .fromBlock(info.deployBlock()).checkpoint(checkpoint).batchSize(BATCH);
    }

    @Test
    void interruptedImportResumesAndEveryReleaseIsThereExactlyOnce() throws Exception {
        Credentials key = Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(3));
        Path checkpoint = tmp.resolve("state/import.checkpoint");
        Path early = tmp.resolve("early.checkpoint");
        try (TransactionSender sender = TransactionSender.builder(info.rpc(), key, info.chainId())
                        .pollInterval(Duration.ofMillis(100)).build();
                VerifiedChainReader chain = VerifiedChainReader.builder().endpoint(URI.create(info.rpc()))
                        .chainId(info.chainId()).build()) {
            RegistryWriter writer = new RegistryWriter(sender, info.registry());

            // Run 1: interrupted after the third confirmed batch; the checkpoint of the first is kept aside.
            AtomicInteger batches = new AtomicInteger();
            List<String> skipped = new ArrayList<>();
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> importer(writer, chain, checkpoint).listener(new IndexImportListener() {
                @Override
                public void progress(IndexImportProgress p) {
                    try {
                        if (batches.incrementAndGet() == 1) {
                            Files.copy(checkpoint, early);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    if (batches.get() == 3) {
                        Thread.currentThread().interrupt();
                    }
                }

                @Override
                public void skipped(String release, String reason) {
                    skipped.add(release + ": " + reason);
                }
            }).build().run()).isInstanceOf(InterruptedException.class);
            double firstRunSeconds = (System.nanoTime() - t0) / 1e9;
            assertThat(batches.get()).isEqualTo(3);

            // A crash between a confirmed batch and its checkpoint: the file says 1 batch, the chain has 3.
            Files.copy(early, checkpoint, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            AtomicLong checkpointed = new AtomicLong(-1);
            AtomicLong found = new AtomicLong(-1);
            IndexImportResult second = importer(writer, chain, checkpoint).listener(new IndexImportListener() {
                @Override
                public void resumed(long fromCheckpoint, long foundOnChain, String note) {
                    assertThat(note).isNull();
                    checkpointed.set(fromCheckpoint);
                    found.set(foundOnChain);
                }
            }).build().run();
            assertThat(checkpointed.get()).isEqualTo(BATCH);
            assertThat(found.get()).isEqualTo(2 * BATCH);
            assertThat(second.published()).isEqualTo(second.releases() - second.skipped() - 3 * BATCH);
            assertThat(second.alreadyThere()).isEqualTo(3 * BATCH);
            System.out.printf("IndexImportIT: %d releases; run 1 (3 batches of %d) %.1f s; run 2 published %d in %d "
                    + "transactions, %.1f s of publishing = %.0f releases/s; skipped: %s%n", second.releases(), BATCH,
                    firstRunSeconds, second.published(), second.transactions(), second.publishing().toMillis() / 1e3,
                    second.published() / (second.publishing().toMillis() / 1e3), skipped);

            // Run 3, with a torn checkpoint: not trusted, the event scan alone finds everything; nothing is sent.
            Files.writeString(checkpoint, "{\"format\":1,\"regis");
            List<String> notes = new ArrayList<>();
            IndexImportResult third = importer(writer, chain, checkpoint).listener(new IndexImportListener() {
                @Override
                public void resumed(long fromCheckpoint, long foundOnChain, String note) {
                    notes.add(fromCheckpoint + " " + foundOnChain + " " + note);
                }
            }).build().run();
            assertThat(notes).containsExactly("0 " + (second.releases() - second.skipped())
                    + " the checkpoint file is unreadable or of another format (-1)");
            assertThat(third.published()).isZero();
            assertThat(third.transactions()).isZero();
            assertThat(third.alreadyThere()).isEqualTo(second.releases() - second.skipped());

            // The chain: every release of the slice exactly once, with the stanza's fields.
            Map<String, ControlFile.Paragraph> stanzas = new LinkedHashMap<>();
            for (ControlFile.Paragraph p : ControlFile.parse(slice.toString(), Files.readString(slice))) {
                stanzas.put(p.get("Package") + "@" + p.get("Version"), p);
            }
            assertThat(stanzas).hasSize(SLICE);
            Map<String, Integer> seen = new HashMap<>();
            Map<String, Manifest> manifests = new HashMap<>();
            for (RegistryEvent e : new RegistryEvents(info.registry()).events(chain.pin(), info.deployBlock())) {
                if (e instanceof RegistryEvent.ReleasePublished r) {
                    String id = r.name() + "@" + r.version();
                    seen.merge(id, 1, Integer::sum);
                    manifests.put(id, Manifest.fromCanonicalBytes(r.manifest()));
                }
            }
            assertThat(seen.values()).containsOnly(1);
            List<String> expected = stanzas.keySet().stream()
                    .filter(id -> id.substring(0, id.indexOf('@')).length() <= 64).toList();
            assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(skipped).hasSize(SLICE - expected.size());
            for (Map.Entry<String, Manifest> e : manifests.entrySet()) {
                ControlFile.Paragraph p = stanzas.get(e.getKey());
                Manifest m = e.getValue();
                assertThat(m.payload()).isNull();
                assertThat(m.architecture()).isEqualTo(p.get("Architecture"));
                assertThat(m.originInfo()).containsEntry("Filename", p.get("Filename"))
                        .containsEntry("SHA256", p.get("SHA256")).containsEntry("Size", p.get("Size"));
                assertThat(m.origin()).isEqualTo("debian:bookworm/main");
            }
        }
    }
}
