package dev.dpm.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlacklistTest {
    @TempDir
    Path dir;

    static final Peer A = Peer.parse("http://10.0.0.1:8480");
    static final Peer B = Peer.parse("http://10.0.0.2:8480");

    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void entriesSurviveReopeningWithReasonAndExpiry() throws Exception {
        MutableClock clock = new MutableClock();
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, clock);
        b.add(A, PeerFault.CORRUPT_BLOCK, "served a wrong block for bafkx", Duration.ofHours(1));
        Blacklist again = Blacklist.open(f, clock);
        BlacklistEntry e = again.entry(A).orElseThrow();
        assertThat(e.fault()).isEqualTo(PeerFault.CORRUPT_BLOCK);
        assertThat(e.reason()).isEqualTo("served a wrong block for bafkx");
        assertThat(e.until()).isEqualTo(clock.now.plus(Duration.ofHours(1)));
        assertThat(again.contains(B)).isFalse();
        assertThat(Files.readString(f)).contains("\"version\" : 1");
    }

    /** Attack suite: a ban written by a thread that is being interrupted (a fetch ending) is not lost. */
    @Test
    void anInterruptedThreadStillSavesAndKeepsItsInterruptStatus() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, new MutableClock());
        b.record(A, PeerFault.CORRUPT_BLOCK, "corrupt", Duration.ofHours(1));
        assertThat(f).doesNotExist(); // recorded in memory only
        Thread.currentThread().interrupt();
        try {
            b.add(B, PeerFault.OVERSIZED_BLOCK, "endless", Duration.ofHours(1));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        Blacklist again = Blacklist.open(f, new MutableClock());
        assertThat(again.contains(A)).isTrue();
        assertThat(again.contains(B)).isTrue();
    }

    @Test
    void recordedEntriesAreWrittenBySave() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, new MutableClock());
        b.save(); // nothing recorded: nothing written
        assertThat(f).doesNotExist();
        b.record(A, PeerFault.CORRUPT_BLOCK, "corrupt", Duration.ofHours(1));
        b.save();
        assertThat(Blacklist.open(f, new MutableClock()).contains(A)).isTrue();
    }

    @Test
    void expiredEntriesNoLongerCountAndAreDroppedAtTheNextWrite() throws Exception {
        MutableClock clock = new MutableClock();
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, clock);
        b.add(A, PeerFault.OVERSIZED_BLOCK, "endless", Duration.ofMinutes(10));
        clock.now = clock.now.plus(Duration.ofMinutes(11));
        assertThat(b.contains(A)).isFalse();
        assertThat(b.entries()).isEmpty();
        b.add(B, PeerFault.CORRUPT_BLOCK, "bad", Duration.ofMinutes(10));
        assertThat(Files.readString(f)).doesNotContain(A.toString()).contains(B.toString());
    }

    @Test
    void removeLiftsAnEntry() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, Clock.systemUTC());
        b.add(A, PeerFault.CORRUPT_BLOCK, "bad", Duration.ofDays(1));
        assertThat(b.remove(A)).isTrue();
        assertThat(b.remove(A)).isFalse();
        assertThat(Blacklist.open(f, Clock.systemUTC()).contains(A)).isFalse();
    }

    @Test
    void aFileOfAnotherVersionIsRefusedNamingIt() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Files.writeString(f, "{\"version\":9,\"entries\":[]}");
        assertThatThrownBy(() -> Blacklist.open(f, Clock.systemUTC())).isInstanceOf(StorageException.class)
                .hasMessageContaining(f.toString()).hasMessageContaining("version 1");
        Files.writeString(f, "not json");
        assertThatThrownBy(() -> Blacklist.open(f, Clock.systemUTC())).isInstanceOf(StorageException.class)
                .hasMessageContaining(f.toString());
    }

    @Test
    void noTemporaryFilesAreLeftBehind() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Blacklist b = Blacklist.open(f, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            b.add(Peer.parse("http://10.0.0." + i + ":1"), PeerFault.CORRUPT_BLOCK, "x", Duration.ofDays(1));
        }
        try (var s = Files.list(dir)) {
            // the lock file stays: removing it would let two processes lock two different files
            assertThat(s.map(p -> p.getFileName().toString()).toList())
                    .containsExactlyInAnyOrder("blacklist.json", "blacklist.json.lock");
        }
    }

    /**
     * Two installs at once (two processes, one DPM_HOME) each rewrote the file from their own copy:
     * the second save lost the first one's ban. Each save now merges with the file under a lock.
     */
    @Test
    void twoInstancesOnOneFileKeepEachOthersBans() throws Exception {
        MutableClock clock = new MutableClock();
        Path f = dir.resolve("blacklist.json");
        Blacklist first = Blacklist.open(f, clock);
        Blacklist second = Blacklist.open(f, clock);
        first.record(A, PeerFault.CORRUPT_BLOCK, "corrupt", Duration.ofHours(1));
        second.record(B, PeerFault.OVERSIZED_BLOCK, "endless", Duration.ofHours(1));
        first.save();
        second.save();
        Blacklist reread = Blacklist.open(f, clock);
        assertThat(reread.entries()).extracting(BlacklistEntry::peer).containsExactlyInAnyOrder(A, B);
        assertThat(reread.entry(A).orElseThrow().reason()).isEqualTo("corrupt");
        assertThat(second.contains(A)).as("a save also brings in the other's bans").isTrue();

        // the same peer banned by both: the later expiry holds, whichever saves last
        clock.now = clock.now.plus(Duration.ofMinutes(1));
        first.add(A, PeerFault.CORRUPT_BLOCK, "a day", Duration.ofDays(1));
        second.add(A, PeerFault.TOO_SLOW, "an hour", Duration.ofHours(1));
        assertThat(Blacklist.open(f, clock).entry(A).orElseThrow().reason()).isEqualTo("a day");
        assertThat(second.entry(A).orElseThrow().reason()).isEqualTo("a day");
    }

    @Test
    void aLiftedBanIsNotBroughtBackByAnotherInstanceThatStillHadIt() throws Exception {
        Path f = dir.resolve("blacklist.json");
        Blacklist first = Blacklist.open(f, Clock.systemUTC());
        first.add(A, PeerFault.CORRUPT_BLOCK, "bad", Duration.ofDays(1));
        Blacklist second = Blacklist.open(f, Clock.systemUTC()); // has A
        assertThat(first.remove(A)).isTrue();
        second.add(B, PeerFault.CORRUPT_BLOCK, "bad too", Duration.ofDays(1));
        Blacklist reread = Blacklist.open(f, Clock.systemUTC());
        assertThat(reread.contains(A)).isFalse();
        assertThat(reread.contains(B)).isTrue();
        assertThat(second.contains(A)).isFalse();
    }

    @Test
    void concurrentSavesOfManyInstancesLoseNoBan() throws Exception {
        Path f = dir.resolve("blacklist.json");
        int threads = 8;
        int each = 10;
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            int n = t;
            started.add(Thread.ofPlatform().start(() -> {
                try {
                    Blacklist mine = Blacklist.open(f, Clock.systemUTC());
                    go.await();
                    for (int i = 0; i < each; i++) {
                        mine.record(Peer.parse("http://10.1." + n + "." + i + ":1"), PeerFault.CORRUPT_BLOCK, "x",
                                Duration.ofDays(1));
                        mine.save();
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        go.countDown();
        for (Thread t : started) {
            t.join(30_000);
        }
        assertThat(failures).isEmpty();
        assertThat(Blacklist.open(f, Clock.systemUTC()).entries()).hasSize(threads * each);
    }
}
