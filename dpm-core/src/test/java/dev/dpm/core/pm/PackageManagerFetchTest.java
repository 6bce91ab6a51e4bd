package dev.dpm.core.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.storage.BlockUnavailableException;
import dev.dpm.storage.DagFetcher;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchSummary;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel payload fetches of an install (no chain, no peers: the index is written directly and
 * the fetcher is a stub): a failure stops the others, and an interrupt stops them all, at once.
 */
class PackageManagerFetchTest {
    /** How long a stub fetch that is not interrupted blocks before giving up (the old code waited that long). */
    private static final long STUCK_MS = 20_000;

    @TempDir
    Path tmp;

    /** Payload root -> the fetch's index in the plan (from the listener, called on the fetch's thread first). */
    private final Map<Cid, Integer> indexOf = new ConcurrentHashMap<>();
    /** Payload root -> whether its fetch saw an interrupt. */
    private final Map<Cid, Boolean> interrupted = new ConcurrentHashMap<>();
    /** Payload root -> its fetch has returned or thrown. */
    private final Map<Cid, Boolean> ended = new ConcurrentHashMap<>();

    private final PackageManagerListener listener = new PackageManagerListener() {
        @Override
        public void fetchStarted(String release, Cid payload, long bytes, int index, int total) {
            indexOf.put(payload, index);
        }
    };

    private void index(Path root, String... names) throws Exception {
        List<ReleaseRecord> records = new java.util.ArrayList<>();
        long block = 1;
        for (String name : names) {
            Manifest m = Manifest.builder().name(name).version(DebianVersion.of("1.0")).architecture("all")
                    .description(name + " package")
                    .payload(Cid.raw(("payload of " + name).getBytes(StandardCharsets.UTF_8))).payloadSize(1).build();
            records.add(new ReleaseRecord(name, "1.0", "bafy" + name, m.toCanonicalBytes(), name + " package",
                    "0xpub", block, "0xtx" + block, 0, false, -1));
            block++;
        }
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                for (ReleaseRecord r : records) {
                    w.index().putRelease(r);
                }
                return null;
            });
        }
    }

    /** Counted down when a stub fetch starts blocking in {@link #stuck}. */
    private final CountDownLatch stuckStarted = new CountDownLatch(1);

    /** Blocks until interrupted (then throws InterruptedException) or {@link #STUCK_MS}. */
    private FetchSummary stuck(Cid root) throws InterruptedException {
        try {
            stuckStarted.countDown();
            Thread.sleep(STUCK_MS);
            throw new IllegalStateException("stub fetch of " + root + " was never stopped");
        } catch (InterruptedException e) {
            interrupted.put(root, true);
            throw e;
        } finally {
            ended.put(root, true);
        }
    }

    @Test
    void aFailingFetchStopsTheFetchesBeforeItInPlanOrderAtOnce() throws Exception {
        Path root = tmp.resolve("root");
        index(root, "alpha", "beta");
        DagFetcher fetcher = new DagFetcher() {
            @Override
            public FetchSummary fetch(Cid payload, Blockstore into, FetchListener l) throws
                    BlockUnavailableException, InterruptedException {
                if (indexOf.get(payload) == 1) {
                    return stuck(payload);
                }
                // Fail only once the first fetch is running: failing earlier could cancel it before it
                // starts (a task cancelled before it starts never runs), as on a loaded machine
                boolean running = stuckStarted.await(30, TimeUnit.SECONDS);
                ended.put(payload, true);
                assertThat(running).as("the first fetch started").isTrue();
                throw new BlockUnavailableException(payload, "no peer has it (stub)");
            }
        };
        try (PackageManager pm = PackageManager.builder(root).repo(Repo.open(tmp.resolve("repo"))).fetcher(fetcher)
                .listener(listener).seed(false).build()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> pm.install(List.of("alpha", "beta"), PlanApproval.ALWAYS))
                    .isInstanceOf(FetchFailedException.class).hasMessageContaining("no peer has it (stub)");
            long ms = (System.nanoTime() - start) / 1_000_000;
            // before: the first fetch in plan order was waited for to its end before the failure was seen
            assertThat(ms).as("install failed after %d ms", ms).isLessThan(STUCK_MS / 2);
        }
        assertThat(interrupted).as("the fetch still running was stopped").hasSize(1);
        assertThat(ended).as("every fetch had ended when install returned").hasSize(2);
    }

    @Test
    void anInterruptedInstallStopsItsFetchesAndReturnsAtOnce() throws Exception {
        Path root = tmp.resolve("root");
        index(root, "alpha", "beta");
        CountDownLatch bothStarted = new CountDownLatch(2);
        DagFetcher fetcher = new DagFetcher() {
            @Override
            public FetchSummary fetch(Cid payload, Blockstore into, FetchListener l) throws InterruptedException {
                bothStarted.countDown();
                return stuck(payload);
            }
        };
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        try (PackageManager pm = PackageManager.builder(root).repo(Repo.open(tmp.resolve("repo"))).fetcher(fetcher)
                .listener(listener).seed(false).build()) {
            Thread installing = Thread.ofPlatform().start(() -> {
                try {
                    pm.install(List.of("alpha", "beta"), PlanApproval.ALWAYS);
                    outcome.set(new AssertionError("install returned"));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            assertThat(bothStarted.await(30, TimeUnit.SECONDS)).as("both fetches started").isTrue();
            long start = System.nanoTime();
            installing.interrupt();
            installing.join(STUCK_MS * 2);
            long ms = (System.nanoTime() - start) / 1_000_000;
            // before: the interrupt ended the wait for the first fetch, then closing the executor waited
            // for every fetch to end on its own (here STUCK_MS; a real fetch: the whole transfer)
            assertThat(ms).as("install returned %d ms after the interrupt", ms).isLessThan(STUCK_MS / 2);
            assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
        }
        assertThat(interrupted).as("both fetches were interrupted").hasSize(2);
        assertThat(ended).hasSize(2);
    }
}
