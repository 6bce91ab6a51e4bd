package dev.dpm.storage;

import dev.dpm.content.BlockTooLargeException;
import dev.dpm.content.Blockstore;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.InvalidBlockException;
import dev.dpm.content.Multihash;
import dev.dpm.content.dagpb.DagPb;
import dev.dpm.content.dagpb.PbLink;
import dev.dpm.storage.internal.DirectBufferPool;
import dev.dpm.storage.internal.Http1Connection;
import dev.dpm.storage.internal.IdleConnections;
import dev.dpm.storage.internal.IoFailures;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Fetches a DAG from several Trustless Gateway peers at once (dpm nodes, Kubo, any gateway: only
 * {@code GET /ipfs/{cid}?format=raw} with {@code Accept: application/vnd.ipld.raw} is used).
 *
 * <p>How: each peer gets {@code connectionsPerPeer} workers, each with its own persistent HTTP/1.1
 * connection on which it keeps up to {@code pipelineDepth} requests in flight (pipelining); all take
 * blocks from one shared depth-first queue, so faster peers take more blocks. Each block is read up to
 * its bound (2 MiB, or less when the parent's link states the subtree size), verified against its CID
 * by the blockstore's verifying {@code put} before it is stored, and only then are its links followed.
 * Then, as in the paper's
 * algorithm 2:
 * <ul>
 *   <li>a peer serving bytes that do not hash to the CID is blacklisted ({@link PeerFault#CORRUPT_BLOCK},
 *       persisted with reason and expiry) and the block is fetched from another peer;</li>
 *   <li>a peer sending more than the bound (an endless stream) is cut there and blacklisted
 *       ({@link PeerFault#OVERSIZED_BLOCK});</li>
 *   <li>a peer below {@code minBytesPerSecond} after a grace period, or stalled, is dropped for this
 *       transfer ({@link PeerFault#TOO_SLOW}); one that keeps failing is dropped as
 *       {@link PeerFault#UNREACHABLE};</li>
 *   <li>a 404 means the peer lacks that block; when no peer in use has it, the fetch fails with
 *       {@link BlockUnavailableException}.</li>
 * </ul>
 * Blacklisted peers are skipped from the start. "This transfer" extends to every fetch of a
 * {@link FetchSession}: a peer dropped by one is dropped by all (and reported once). Blacklistings
 * are recorded by the workers in memory and written by the calling thread once they have stopped,
 * before {@code fetch} returns or throws. Once the transfer has ended (complete, failed or
 * interrupted) its workers call no listener method and store no block; {@code fetch} waits up to
 * 5 s for them to stop and reports any that have not ({@link FetchListener#workersNotStopped}).
 *
 * <p>Connections outlive a fetch: when one ends, each connection with no request in flight and its
 * last response read whole, to a peer neither dropped nor blacklisted, is kept idle (up to
 * {@code connectionsPerPeer} per peer, for {@link Builder#idleTimeout}), and the workers of the next
 * fetches take those before opening new ones, so a run of small fetches (an install: one small DAG per
 * package) does not pay a TCP handshake per package and peer. A kept connection the peer closed
 * meanwhile is skipped when taken; one that fails at its first request before any byte of an answer
 * (the peer's keep-alive timeout racing the request) is not held against the peer: its blocks are
 * asked again, on a fresh connection. {@link #close()} closes the idle connections; without it they
 * are closed anyway once idle for the timeout (by a daemon timer).
 * Thread-safe: one instance may run several fetches.
 */
public final class HttpDagFetcher implements DagFetcher, AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private final List<Peer> peers;
    private final Blacklist blacklist;
    private final int connectionsPerPeer;
    private final long minBytesPerSecond;
    private final Duration rateGrace;
    private final Duration requestTimeout;
    private final int maxBlockSize;
    private final Duration blacklistDuration;
    private final int maxConsecutiveErrors;
    private final int pipelineDepth;
    private final Duration stopTimeout;
    /** Block bodies are read into these; some kept between fetches (a few blocks per core). */
    private final DirectBufferPool buffers = new DirectBufferPool(16L << 20);
    /** Keep-alive connections between fetches. */
    private final IdleConnections<Peer> idle;

    private HttpDagFetcher(Builder b) {
        this.peers = List.copyOf(b.peers);
        this.blacklist = b.blacklist != null ? b.blacklist : Blacklist.inMemory(Clock.systemUTC());
        this.connectionsPerPeer = b.connectionsPerPeer;
        this.minBytesPerSecond = b.minBytesPerSecond;
        this.rateGrace = b.rateGrace;
        this.requestTimeout = b.requestTimeout;
        this.maxBlockSize = b.maxBlockSize;
        this.blacklistDuration = b.blacklistDuration;
        this.maxConsecutiveErrors = b.maxConsecutiveErrors;
        this.pipelineDepth = b.pipelineDepth;
        this.stopTimeout = b.stopTimeout;
        this.idle = new IdleConnections<>(b.connectionsPerPeer, b.idleTimeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Closes the connections kept idle for later fetches. The fetcher stays usable, but keeps no
     * connection after this: each fetch then opens and closes its own.
     */
    @Override
    public void close() {
        idle.close();
    }

    /** How many connections to {@code peer} are kept idle now (for tests). */
    int idleConnections(Peer peer) {
        return idle.idleCount(peer);
    }

    @Override
    public FetchSummary fetch(Cid root, Blockstore into, FetchListener listener)
            throws StorageException, InterruptedException {
        return fetch(root, into, listener, new FetchSession());
    }

    @Override
    public FetchSummary fetch(Cid root, Blockstore into, FetchListener listener, FetchSession session)
            throws StorageException, InterruptedException {
        Transfer t = new Transfer(root, into, Objects.requireNonNull(listener), Objects.requireNonNull(session));
        return t.run();
    }

    /** A block still to obtain; {@code bound} is the most bytes it may have. */
    private static final class Task {
        final Cid cid;
        final int bound;
        final Set<Peer> lacking = ConcurrentHashMap.newKeySet();

        Task(Cid cid, int bound) {
            this.cid = cid;
            this.bound = bound;
        }
    }

    /** One block being received; the watchdog cuts it when it is too slow. */
    private static final class InFlight {
        final Peer peer;
        final long start = System.nanoTime();
        final AtomicLong bytes = new AtomicLong();
        volatile Http1Connection conn;
        volatile String cutReason;

        InFlight(Peer peer) {
            this.peer = peer;
        }
    }

    /** Signals that a peer is to be dropped from this transfer (and maybe blacklisted). */
    private static final class PeerProblem extends Exception {
        final PeerFault fault;
        final Cid cid;
        final PeerFaultException typed; // what callers see: names CID, peer and fault

        PeerProblem(PeerFault fault, String message, Cid cid) {
            this(fault, message, cid, null);
        }

        PeerProblem(PeerFault fault, String message, Cid cid, PeerFaultException typed) {
            super(message, null, false, false);
            this.fault = fault;
            this.cid = cid;
            this.typed = typed;
        }
    }

    /** The state of one fetch. */
    private final class Transfer {
        final Cid root;
        final Blockstore into;
        final FetchListener listener;
        final FetchSession session;
        final LinkedBlockingDeque<Task> queue = new LinkedBlockingDeque<>();
        final Set<Object> seen = ConcurrentHashMap.newKeySet();
        final AtomicInteger outstanding = new AtomicInteger();
        final Set<Peer> active = ConcurrentHashMap.newKeySet();
        final Map<Peer, String> dropped = new ConcurrentHashMap<>();
        final Map<Peer, PeerFaultException> faults = new ConcurrentHashMap<>();
        final Set<Peer> blacklisted = ConcurrentHashMap.newKeySet();
        final Map<Peer, LongAdder> bytesByPeer = new ConcurrentHashMap<>();
        final Map<Peer, AtomicInteger> errors = new ConcurrentHashMap<>();
        final Map<Peer, AtomicInteger> busy = new ConcurrentHashMap<>();
        /** When each peer began answering nothing but 429/503 (absent: its last answer was another). */
        final Map<Peer, Long> refusingSince = new ConcurrentHashMap<>();
        final Set<InFlight> inFlight = ConcurrentHashMap.newKeySet();
        final LongAdder bytes = new LongAdder();
        final LongAdder fetchedBlocks = new LongAdder();
        final LongAdder localBlocks = new LongAdder();
        final AtomicReference<StorageException> failure = new AtomicReference<>();
        final CountDownLatch done = new CountDownLatch(1);
        final long start = System.nanoTime();
        final AtomicBoolean localWorker = new AtomicBoolean();
        /** The workers that have not returned yet, for the report of those that outlive the transfer. */
        final Set<Worker> running = ConcurrentHashMap.newKeySet();
        ExecutorService workers;

        Transfer(Cid root, Blockstore into, FetchListener listener, FetchSession session) {
            this.root = root;
            this.into = into;
            this.listener = listener;
            this.session = session;
        }

        FetchSummary run() throws StorageException, InterruptedException {
            for (Peer p : peers) {
                FetchSession.Drop earlier = session.dropped(p).orElse(null);
                // What this operation saw comes first: a peer another fetch of it has just blacklisted is
                // reported with its fault, as by that fetch, not as banned by an earlier run
                if (earlier != null) { // dropped by another fetch of this operation: not asked again
                    faults.put(p, earlier.typed());
                    dropped.put(p, describe(earlier.fault(), earlier.reason()));
                } else if (blacklist.contains(p)) {
                    dropped.put(p, "blacklisted: " + blacklist.entry(p).map(BlacklistEntry::reason).orElse("?"));
                } else {
                    active.add(p);
                }
            }
            enqueue(root, maxBlockSize);
            workers = Executors.newVirtualThreadPerTaskExecutor();
            try {
                for (Peer p : List.copyOf(active)) {
                    for (int i = 0; i < connectionsPerPeer; i++) {
                        workers.execute(() -> work(p));
                    }
                }
                if (active.isEmpty()) {
                    startLocalWorker();
                }
                long lastProgress = 0;
                while (!done.await(100, TimeUnit.MILLISECONDS)) {
                    watchdog();
                    checkAvailability();
                    long now = System.nanoTime();
                    if (now - lastProgress > 200_000_000L) {
                        listener.progress(progress());
                        lastProgress = now;
                    }
                }
            } finally {
                done.countDown();
                workers.shutdownNow();
                for (InFlight f : inFlight) {
                    closeQuietly(f.conn);
                }
                boolean interrupted = false;
                boolean stopped = false;
                try {
                    stopped = workers.awaitTermination(stopTimeout.toNanos(), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // still save the bans below, then let the interrupt through
                }
                if (!stopped) {
                    reportRunning();
                }
                saveBlacklist();
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            StorageException f = failure.get();
            if (f != null) {
                throw f;
            }
            try {
                if (!session.deferSync()) {
                    into.sync(); // the DAG is durable before the fetch reports success
                }
            } catch (BlockstoreException e) {
                throw new LocalStoreException("cannot sync the blockstore after fetching " + root + ": "
                        + e.getMessage(), e);
            }
            listener.progress(progress());
            Map<Peer, Long> perPeer = new LinkedHashMap<>();
            for (Peer p : peers) {
                LongAdder a = bytesByPeer.get(p);
                perPeer.put(p, a == null ? 0L : a.sum());
            }
            return new FetchSummary(root, fetchedBlocks.sum() + localBlocks.sum(), localBlocks.sum(), bytes.sum(),
                    Duration.ofNanos(System.nanoTime() - start), perPeer, Map.copyOf(dropped));
        }

        /**
         * Tells the listener which workers have not stopped (stuck in a blockstore call on a hung
         * disk, say): fetch returns without them. Since {@code done} is counted down before the
         * wait, they call no listener method and store nothing more (see {@link #ended()}).
         */
        void reportRunning() {
            List<String> stuck = new ArrayList<>();
            for (Worker w : running) {
                stuck.add((w.peer == null ? "the local worker" : "a worker for " + w.peer) + ", " + w.doing
                        + (w.block == null ? "" : " " + w.block));
            }
            if (!stuck.isEmpty()) {
                listener.workersNotStopped(root, List.copyOf(stuck));
            }
        }

        /**
         * True once the transfer is over (complete, failed or interrupted): the workers then call
         * no listener method and store no block, so nothing of this fetch happens after it returned.
         */
        boolean ended() {
            return done.getCount() == 0;
        }

        /**
         * Writes the peers this transfer blacklisted, on the calling thread, before fetch returns or
         * throws. The peer stays out of this transfer either way; a lost write only shortens its ban.
         */
        void saveBlacklist() {
            if (blacklisted.isEmpty()) {
                return;
            }
            try {
                blacklist.save();
            } catch (StorageException e) {
                for (Peer p : blacklisted) {
                    dropped.computeIfPresent(p, (k, r) -> r + " (blacklist not saved: " + e.getMessage() + ")");
                }
            }
        }

        FetchProgress progress() {
            long elapsed = System.nanoTime() - start;
            double rate = elapsed > 0 ? bytes.sum() / (elapsed / 1e9) : 0;
            return new FetchProgress(bytes.sum(), fetchedBlocks.sum(), localBlocks.sum(), rate, active.size(),
                    Duration.ofNanos(elapsed));
        }

        void enqueue(Cid cid, int bound) {
            if (seen.add(cid.multihash())) {
                outstanding.incrementAndGet();
                queue.addFirst(new Task(cid, bound)); // depth first: the spine early, the queue small
            }
        }

        void fail(StorageException e) {
            failure.compareAndSet(null, e);
            done.countDown();
        }

        void completed() {
            if (outstanding.decrementAndGet() == 0) {
                done.countDown();
            }
        }

        /** Cuts transfers below the minimum rate and any transfer from a peer no longer in use. */
        void watchdog() {
            for (Peer p : active) {
                session.dropped(p).ifPresent(d -> drop(p, d)); // dropped meanwhile by another fetch
            }
            long now = System.nanoTime();
            long grace = rateGrace.toNanos();
            for (InFlight f : inFlight) {
                long elapsed = now - f.start;
                if (!active.contains(f.peer)) {
                    f.cutReason = "dropped";
                    closeQuietly(f.conn);
                } else if (elapsed > grace && f.bytes.get() * 1e9 / elapsed < minBytesPerSecond) {
                    f.cutReason = String.format(Locale.ROOT, "sent %d bytes in %.1f s, below the minimum %d B/s",
                            f.bytes.get(), elapsed / 1e9, minBytesPerSecond);
                    closeQuietly(f.conn);
                }
            }
        }

        /**
         * With no peer left, one worker still walks the blocks already stored (a resume needs no
         * network) and fails the fetch at the first block that is not.
         */
        void startLocalWorker() {
            if (localWorker.compareAndSet(false, true)) {
                workers.execute(() -> work(null));
            }
        }

        /** Fails the fetch when no peer in use can supply some queued block. */
        void checkAvailability() {
            if (outstanding.get() == 0 || active.isEmpty()) {
                return;
            }
            for (Task t : queue) {
                if (!active.isEmpty() && t.lacking.containsAll(active)) {
                    fail(new BlockUnavailableException(t.cid, "no peer in use has it (404 from " + t.lacking
                            + (dropped.isEmpty() ? "" : "; " + describeDropped()) + ")", faults));
                    return;
                }
            }
        }

        String describeDropped() {
            if (dropped.isEmpty()) {
                return "no peers";
            }
            List<String> parts = new ArrayList<>();
            dropped.forEach((p, r) -> parts.add(p + ": " + r));
            return String.join("; ", parts);
        }

        void work(Peer peer) {
            Worker w = new Worker(peer);
            running.add(w);
            AtomicInteger mine = peer == null ? new AtomicInteger() : busy.computeIfAbsent(peer, k -> new AtomicInteger());
            int depth = peer == null ? 1 : pipelineDepth;
            try {
                while (done.getCount() > 0 && (peer == null || active.contains(peer))) {
                    Task t = null;
                    try {
                        w.at(Doing.TAKING, null);
                        fill(w, mine, depth);
                        t = w.pipeline.pollFirst();
                        if (t == null) {
                            continue;
                        }
                        w.at(Doing.RECEIVING, t.cid);
                        ByteBuffer block = receive(t, w);
                        if (w.conn == null || w.conn.isClosed()) {
                            requeuePipeline(w, mine); // the requests sent after this one are lost with it
                        }
                        if (block == null) { // the peer lacks it or failed transiently: someone else, or later
                            mine.decrementAndGet();
                            if (w.retryFresh) {
                                queue.addFirst(t); // a kept connection the peer had closed: again, now
                            } else {
                                queue.addLast(t);
                            }
                            continue;
                        }
                        try {
                            store(t, w, block);
                        } finally {
                            buffers.release(block);
                        }
                        mine.decrementAndGet();
                        completed();
                    } catch (PeerProblem p) {
                        if (t != null) {
                            mine.decrementAndGet();
                            queue.addFirst(t);
                        }
                        requeuePipeline(w, mine);
                        closeQuietly(w.conn);
                        drop(peer, p);
                        return;
                    }
                }
            } catch (InterruptedException e) {
                // the transfer is over (done or aborted): the worker just ends
            } catch (StorageException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                // a defect, here or in the blockstore, or an Error (direct memory runs out when many
                // fetches hold block buffers): the fetch fails saying so, rather than waiting
                // forever for the block this worker held (it is neither completed nor re-queued)
                fail(new FetchException("internal error fetching " + root + (peer == null ? "" : " from " + peer)
                        + ": " + e, root, peer, e));
            } finally {
                release(w, mine);
                running.remove(w);
            }
        }

        /**
         * Takes blocks for this worker until its pipeline holds {@code depth} requests, sending one
         * request per block (HTTP/1.1 pipelining on the worker's connection); blocks already stored
         * are completed on the spot.
         */
        void fill(Worker w, AtomicInteger mine, int depth) throws PeerProblem, StorageException, InterruptedException {
            Peer peer = w.peer;
            while (w.pipeline.size() < depth) {
                Task t = w.pipeline.isEmpty() ? queue.pollFirst(50, TimeUnit.MILLISECONDS) : queue.pollFirst();
                if (t == null) {
                    break;
                }
                int inFlightHere = mine.incrementAndGet();
                if (peer != null && queue.size() < active.size() * connectionsPerPeer
                        && inFlightHere - 1 > leastBusy(t)) {
                    // When blocks are scarce, spread them: a peer takes another only when no peer
                    // that could serve it has fewer in flight (else one peer's idle workers grab
                    // them all at once). A peer that answered 404 for it does not count: it sits
                    // idle, and in dpm, where each node stores a share of the archive, it would
                    // hold every other peer to one request in flight.
                    // With plenty queued every worker just takes the next one, so fast peers do more.
                    mine.decrementAndGet();
                    queue.addFirst(t);
                    if (w.pipeline.isEmpty()) {
                        Thread.sleep(1);
                    }
                    break;
                }
                if (peer != null && t.lacking.contains(peer)) {
                    mine.decrementAndGet();
                    queue.addLast(t);
                    if (w.pipeline.isEmpty()) {
                        Thread.sleep(5); // let a peer that has it take it
                    }
                    break;
                }
                if (ended()) { // over: nothing more to look up or ask for
                    mine.decrementAndGet();
                    queue.addFirst(t);
                    break;
                }
                w.at(Doing.CHECKING_LOCAL, t.cid);
                if (local(t)) {
                    mine.decrementAndGet();
                    completed();
                    continue;
                }
                if (peer == null) {
                    mine.decrementAndGet();
                    queue.addFirst(t);
                    throw new BlockUnavailableException(t.cid, peers.isEmpty()
                            ? "it is not stored locally and no peers are configured"
                            : "it is not stored locally and no usable peer is left (" + describeDropped() + ")", faults);
                }
                try {
                    if (w.conn == null || w.conn.isClosed()) {
                        requeuePipeline(w, mine);
                        w.conn = w.retryFresh ? null : idle.take(peer);
                        if (w.conn == null) {
                            w.conn = new Http1Connection(peer.url(), CONNECT_TIMEOUT, requestTimeout);
                        }
                        w.retryFresh = false;
                    }
                    w.conn.get("/ipfs/" + t.cid + "?format=raw", "application/vnd.ipld.raw");
                } catch (IOException e) {
                    mine.decrementAndGet();
                    queue.addFirst(t);
                    requeuePipeline(w, mine);
                    closeQuietly(w.conn);
                    transientError(peer, t.cid, IoFailures.describe(e));
                    return;
                }
                w.pipeline.addLast(t);
            }
            if (!w.pipeline.isEmpty()) {
                try {
                    w.conn.flush();
                } catch (IOException e) {
                    Cid first = w.pipeline.peekFirst().cid;
                    boolean stale = w.conn.isReusedAndUnanswered();
                    requeuePipeline(w, mine);
                    closeQuietly(w.conn);
                    if (stale) {
                        w.stale(); // the peer closed it while it sat idle: not its fault
                    } else {
                        transientError(peer, first, IoFailures.describe(e));
                    }
                }
            }
        }

        /**
         * At a worker's end: keeps its connection for later fetches when nothing is pending on it
         * (no request in flight, the last response read whole, the peer's last answer not
         * {@code Connection: close}, which closed it already) and the peer is still trusted;
         * else closes it.
         */
        void release(Worker w, AtomicInteger mine) {
            boolean clean = w.pipeline.isEmpty() && !w.midResponse;
            requeuePipeline(w, mine);
            Http1Connection c = w.conn;
            w.conn = null;
            if (c == null) {
                return;
            }
            Peer peer = w.peer;
            if (clean && peer != null && trusted(peer)) {
                idle.offer(peer, c);
            } else {
                c.close();
            }
        }

        /** Whether {@code peer}'s connections may be kept: not dropped by this transfer or its session, not blacklisted. */
        boolean trusted(Peer peer) {
            return active.contains(peer) && !dropped.containsKey(peer) && session.dropped(peer).isEmpty()
                    && !blacklisted.contains(peer) && !blacklist.contains(peer);
        }

        /** Puts the blocks whose requests are pending on this worker's connection back in the queue. */
        void requeuePipeline(Worker w, AtomicInteger mine) {
            Task t;
            while ((t = w.pipeline.pollLast()) != null) {
                mine.decrementAndGet();
                queue.addFirst(t);
            }
        }

        /** The fewest blocks in flight at a peer in use that has not answered 404 for {@code t}. */
        int leastBusy(Task t) {
            int least = Integer.MAX_VALUE;
            for (Peer p : active) {
                if (t.lacking.contains(p)) {
                    continue;
                }
                AtomicInteger b = busy.get(p);
                least = Math.min(least, b == null ? 0 : b.get());
            }
            return least;
        }

        /** Completes the task from the blockstore if the block is already there (resume); false if not. */
        boolean local(Task t) throws StorageException {
            Cid cid = t.cid;
            try {
                if (!into.has(cid)) {
                    return false;
                }
                byte[] local = null;
                if (cid.codec() != Cid.RAW) {
                    local = into.get(cid).orElse(null);
                    if (local == null) { // deleted concurrently: fetch it after all
                        return false;
                    }
                }
                localBlocks.increment();
                if (!ended()) {
                    listener.blockStored(cid, local == null ? -1 : local.length, null);
                }
                if (local != null) {
                    followLinks(cid, local);
                }
                return true;
            } catch (BlockstoreException e) {
                throw new LocalStoreException("blockstore failed on " + cid + ": " + e.getMessage(), e);
            }
        }

        /**
         * Checks a received block against its CID ({@code hasher} holds the hash of its bytes,
         * computed while they arrived), stores it, then follows its links. Nothing unverified
         * reaches the blockstore or the link walk.
         */
        void store(Task t, Worker w, ByteBuffer block) throws PeerProblem, StorageException {
            Cid cid = t.cid;
            Peer peer = w.peer;
            MessageDigest hasher = w.sha256;
            int size = block.remaining();
            Multihash expected = cid.multihash();
            byte[] digest = hasher.digest();
            boolean verified = expected.code() == Multihash.SHA2_256
                    ? MessageDigest.isEqual(digest, expected.digest())
                    : expected.matches(copyOf(block)); // identity CIDs are never fetched; checked anyway
            if (!verified) {
                Multihash actual = expected.code() == Multihash.SHA2_256 ? Multihash.ofSha256Digest(digest)
                        : expected.rehash(copyOf(block));
                BlockVerificationException v = new BlockVerificationException(cid, Cid.v1(cid.codec(), actual), peer);
                throw new PeerProblem(PeerFault.CORRUPT_BLOCK, v.getMessage(), cid, v);
            }
            // the links are read from a copy: the buffer goes back to the pool
            byte[] node = cid.codec() == Cid.DAG_PB ? copyOf(block) : null;
            if (ended()) {
                return; // fetch may have returned: the blockstore is the caller's again
            }
            w.at(Doing.STORING, cid);
            try {
                into.putVerified(cid, block);
            } catch (BlockTooLargeException e) {
                throw new PeerProblem(PeerFault.OVERSIZED_BLOCK, "peer " + peer + " sent " + size
                        + " bytes for " + cid + ", more than a block may have", cid);
            } catch (ContentException e) {
                throw new LocalStoreException("cannot store block " + cid + ": " + e.getMessage(), e);
            }
            errors.computeIfAbsent(peer, k -> new AtomicInteger()).set(0);
            bytes.add(size);
            fetchedBlocks.increment();
            bytesByPeer.computeIfAbsent(peer, k -> new LongAdder()).add(size);
            if (ended()) {
                return; // a worker stuck in the put past the end (a hung disk): fetch has returned
            }
            w.at(Doing.REPORTING, cid);
            listener.blockStored(cid, size, peer);
            followLinks(cid, node);
        }

        static byte[] copyOf(ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.get(b.position(), bytes);
            return bytes;
        }

        /** Queues the links of a dag-pb node; {@code block} is only read for dag-pb. */
        void followLinks(Cid cid, byte[] block) throws FetchException {
            if (cid.codec() != Cid.DAG_PB) {
                if (cid.codec() != Cid.RAW) {
                    throw new FetchException("block " + cid + " has codec 0x" + Long.toHexString(cid.codec())
                            + ", which dpm does not follow (raw and dag-pb only)", cid, null);
                }
                return;
            }
            List<PbLink> links;
            try {
                links = DagPb.decode(cid, block).links();
            } catch (InvalidBlockException e) {
                throw new FetchException("block " + cid + " verifies but is not valid dag-pb: " + e.getMessage(), cid, null, e);
            }
            for (int i = links.size() - 1; i >= 0; i--) {
                PbLink l = links.get(i);
                int bound = maxBlockSize;
                if (l.tsize() != null && l.tsize() >= 0 && l.tsize() < maxBlockSize) {
                    bound = (int) (long) l.tsize();
                }
                enqueue(l.hash(), bound);
            }
        }

        /**
         * Reads the response to the oldest request on the worker's connection: the block's bytes in
         * a pooled buffer (hashed into the worker's hasher as they arrived; the caller releases
         * it), or null when this peer lacks it or failed transiently.
         */
        ByteBuffer receive(Task t, Worker w) throws PeerProblem, InterruptedException {
            Cid cid = t.cid;
            Peer peer = w.peer;
            InFlight f = new InFlight(peer);
            inFlight.add(f);
            ByteBuffer block = null;
            w.midResponse = true;
            try {
                Http1Connection c = w.conn;
                f.conn = c;
                Http1Connection.Head head = c.readHead();
                boolean reuse = !head.close();
                int status = head.status();
                if (status != 429 && status != 503) {
                    refusingSince.remove(peer);
                }
                if (status == 200) {
                    long declared = head.contentLength();
                    if (declared > t.bound) {
                        throw new PeerProblem(PeerFault.OVERSIZED_BLOCK, "peer " + peer + " announced " + declared
                                + " bytes for " + cid + ", above its bound of " + t.bound + " bytes", cid);
                    }
                    block = buffers.acquire(declared >= 0 ? (int) declared : t.bound);
                    MessageDigest hasher = w.sha256;
                    hasher.reset();
                    boolean fits = c.readBody(head, block, piece -> {
                        f.bytes.addAndGet(piece.remaining());
                        hasher.update(piece);
                    });
                    if (!fits) {
                        throw new PeerProblem(PeerFault.OVERSIZED_BLOCK, "peer " + peer + " sent more than " + t.bound
                                + " bytes for " + cid + " (cut at the block's size bound)", cid);
                    }
                    block.flip();
                } else {
                    reuse &= Http1Connection.drain(c.body(head), 64 * 1024);
                    if (status == 404 || status == 410) {
                        t.lacking.add(peer);
                    } else if (status == 429 || status == 503) {
                        refused(peer, cid, status);
                        long wait = 1;
                        try {
                            wait = Long.parseLong(String.valueOf(head.header("Retry-After")).trim());
                        } catch (NumberFormatException e) {
                            // an HTTP date or nothing: wait a second
                        }
                        Thread.sleep(Math.min(5000, Math.max(100, wait * 1000)));
                    } else {
                        transientError(peer, cid, "HTTP " + status);
                    }
                }
                if (!reuse) {
                    closeQuietly(c);
                }
                ByteBuffer result = block;
                block = null;
                w.midResponse = false;
                return result;
            } catch (Http1Connection.ProtocolException e) {
                closeQuietly(w.conn);
                throw new PeerProblem(PeerFault.PROTOCOL_VIOLATION, "peer " + peer + " broke HTTP/1.1 answering for "
                        + cid + ": " + e.getMessage(), cid);
            } catch (IOException e) {
                boolean stale = w.conn.isReusedAndUnanswered() && !(e instanceof SocketTimeoutException);
                closeQuietly(w.conn);
                if (f.cutReason != null) {
                    if (f.cutReason.equals("dropped")) {
                        return null;
                    }
                    throw new PeerProblem(PeerFault.TOO_SLOW, "peer " + peer + " is too slow on " + cid + ": "
                            + f.cutReason, cid);
                }
                if (stale) {
                    w.stale();
                    return null;
                }
                transientError(peer, cid, IoFailures.describe(e));
                return null;
            } catch (PeerProblem e) {
                closeQuietly(w.conn);
                throw e;
            } finally {
                if (block != null) {
                    buffers.release(block);
                }
                inFlight.remove(f);
            }
        }

        /**
         * A busy answer (429, 503) is waited out, not counted as a failure (a rate-limited node sends
         * them in bursts to every worker at once), but a peer that has answered nothing else for
         * longer than the request timeout is as good as unreachable: without this bound the fetch
         * asked it again after each Retry-After, for ever.
         */
        void refused(Peer peer, Cid cid, int status) throws PeerProblem {
            long now = System.nanoTime();
            long since = refusingSince.computeIfAbsent(peer, k -> now);
            if (now - since > requestTimeout.toNanos()) {
                throw new PeerProblem(PeerFault.UNREACHABLE, String.format(Locale.ROOT,
                        "peer %s answered only HTTP %d (busy) for %.1f s, last on %s", peer, status,
                        (now - since) / 1e9, cid), cid);
            }
        }

        void transientError(Peer peer, Cid cid, String what) throws PeerProblem {
            if (done.getCount() == 0) {
                // The transfer is over and run() closed this connection or interrupted this worker
                // (done is counted down first): the peer did nothing wrong, and dropping it here
                // would drop it for the whole session and report it to the listener.
                return;
            }
            int n = errors.computeIfAbsent(peer, k -> new AtomicInteger()).incrementAndGet();
            if (n >= maxConsecutiveErrors) {
                throw new PeerProblem(PeerFault.UNREACHABLE, "peer " + peer + " failed " + n
                        + " times in a row, last on " + cid + ": " + what, cid);
            }
        }

        void drop(Peer peer, PeerProblem p) {
            PeerFault fault = p.fault;
            String reason = p.getMessage();
            PeerFaultException typed = p.typed != null ? p.typed : new PeerFaultException(fault, reason, p.cid, peer);
            drop(peer, new FetchSession.Drop(fault, reason, typed));
        }

        /** Drops {@code peer} from this transfer and the session; reports it if the session had not yet. */
        void drop(Peer peer, FetchSession.Drop d) {
            PeerFault fault = d.fault();
            String reason = d.reason();
            if (!active.remove(peer)) {
                return; // another worker of this peer already dropped it
            }
            boolean first = session.drop(peer, d);
            faults.put(peer, d.typed());
            dropped.put(peer, describe(fault, reason));
            boolean report = first && !ended(); // after the end, nothing is reported
            if (report) {
                listener.peerFault(d.typed());
            }
            if (fault.blacklists()) {
                // In memory only: a worker may be interrupted at any moment (the transfer ending), which
                // would close a file channel mid-write; run() saves once the workers have stopped.
                blacklist.record(peer, fault, reason, blacklistDuration);
                blacklisted.add(peer);
            }
            if (report) {
                listener.peerDropped(peer, fault, reason);
            }
            if (active.isEmpty()) {
                startLocalWorker();
            }
            idle.evict(peer); // a peer no longer trusted gets no connection kept
            for (InFlight f : inFlight) {
                if (f.peer.equals(peer)) {
                    f.cutReason = "dropped";
                    closeQuietly(f.conn);
                }
            }
        }
    }

    private static String describe(PeerFault fault, String reason) {
        return fault.name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + reason;
    }

    private static void closeQuietly(Http1Connection c) {
        if (c != null) {
            c.close();
        }
    }

    /** What a worker is doing, for the report of a worker that does not stop. */
    private enum Doing {
        TAKING("taking the next block"),
        CHECKING_LOCAL("looking up in the blockstore block"),
        RECEIVING("waiting for block"),
        STORING("storing block"),
        REPORTING("telling the listener it stored block");

        final String words;

        Doing(String words) {
            this.words = words;
        }

        @Override
        public String toString() {
            return words;
        }
    }

    /** A worker's peer, its persistent connection to it, and the blocks requested on it, oldest first. */
    private static final class Worker {
        final Peer peer;
        final ArrayDeque<Task> pipeline = new ArrayDeque<>();
        final MessageDigest sha256 = Multihash.newSha256();
        Http1Connection conn;
        /** True from the moment a response is read until it has been read whole. */
        boolean midResponse;
        /** The last connection, kept from an earlier fetch, failed before answering: the next one is new. */
        boolean retryFresh;
        volatile Doing doing = Doing.TAKING;
        volatile Cid block;

        Worker(Peer peer) {
            this.peer = peer;
        }

        void at(Doing what, Cid cid) {
            block = cid;
            doing = what;
        }

        void stale() {
            retryFresh = true;
        }
    }

    /** Configuration of an {@link HttpDagFetcher}. */
    public static final class Builder {
        private final List<Peer> peers = new ArrayList<>();
        private Blacklist blacklist;
        private int connectionsPerPeer = 8;
        private long minBytesPerSecond = 32 * 1024;
        private Duration rateGrace = Duration.ofSeconds(3);
        private Duration requestTimeout = Duration.ofSeconds(30);
        private int maxBlockSize = Blockstore.MAX_BLOCK_SIZE;
        private Duration blacklistDuration = Duration.ofDays(1);
        private int maxConsecutiveErrors = 3;
        private int pipelineDepth = 2;
        private Duration stopTimeout = Duration.ofSeconds(5);
        private Duration idleTimeout = Duration.ofSeconds(20);

        private Builder() {
        }

        public Builder peer(Peer peer) {
            if (!peers.contains(peer)) {
                peers.add(peer);
            }
            return this;
        }

        public Builder peers(List<Peer> list) {
            list.forEach(this::peer);
            return this;
        }

        /** Where misbehaving peers are recorded and looked up; default: in memory only. */
        public Builder blacklist(Blacklist blacklist) {
            this.blacklist = blacklist;
            return this;
        }

        /** Requests in flight per peer (default 8). */
        public Builder connectionsPerPeer(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("connectionsPerPeer must be at least 1");
            }
            this.connectionsPerPeer = n;
            return this;
        }

        /** A block transfer below this rate after the grace period drops the peer (default 32 KiB/s). */
        public Builder minBytesPerSecond(long rate) {
            this.minBytesPerSecond = rate;
            return this;
        }

        /** How long a block transfer may run before the minimum rate applies (default 3 s). */
        public Builder rateGrace(Duration grace) {
            this.rateGrace = grace;
            return this;
        }

        /** How long a read from a peer may block with no data at all (default 30 s). */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        /** Largest block accepted (default and maximum 2 MiB). */
        public Builder maxBlockSize(int bytes) {
            this.maxBlockSize = Math.min(bytes, Blockstore.MAX_BLOCK_SIZE);
            return this;
        }

        /** How long a blacklisting lasts (default one day). */
        public Builder blacklistDuration(Duration d) {
            this.blacklistDuration = d;
            return this;
        }

        /** Failed requests in a row after which a peer is dropped (default 3). */
        public Builder maxConsecutiveErrors(int n) {
            this.maxConsecutiveErrors = n;
            return this;
        }

        /** Requests sent ahead on each connection before their answers are read (default 2; 1 = no pipelining). */
        public Builder pipelineDepth(int depth) {
            if (depth < 1) {
                throw new IllegalArgumentException("pipelineDepth must be at least 1");
            }
            this.pipelineDepth = depth;
            return this;
        }

        /**
         * How long a connection left idle by a fetch is kept for the next ones (default 20 s, below the
         * 30 s after which dpm nodes, as Jetty by default, close an idle connection; zero: none is
         * kept, every fetch opens its own). At most {@code connectionsPerPeer} are kept per peer.
         */
        public Builder idleTimeout(Duration timeout) {
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("idleTimeout must not be negative");
            }
            this.idleTimeout = timeout;
            return this;
        }

        /** How long a fetch that has ended waits for its workers to stop (default 5 s; tests shorten it). */
        Builder stopTimeout(Duration timeout) {
            this.stopTimeout = timeout;
            return this;
        }

        public HttpDagFetcher build() {
            return new HttpDagFetcher(this);
        }
    }
}
