package dev.dpm.storage.internal;

import java.io.Closeable;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Idle keep-alive connections kept between the fetches of one fetcher, per peer: at most
 * {@code maxPerPeer} for each, each closed once it has been idle for {@code timeout}.
 *
 * <p>The caller offers only connections with no request in flight and every response read; the
 * pool checks the rest ({@link Http1Connection#isIdle()} when offered, {@link
 * Http1Connection#probeIdle()} when taken, so one the peer closed meanwhile is closed and skipped).
 * Expiry does not depend on anyone using or closing the pool: a shared daemon timer closes expired
 * connections, and holds a pool only while it has some, so a fetcher dropped without {@link #close()}
 * leaves no socket open past the timeout. Thread-safe.
 *
 * @param <K> the peer
 */
public final class IdleConnections<K> implements Closeable {
    /** Pools holding connections, swept by {@link #SWEEPER}; a pool leaves the set once empty. */
    private static final Set<IdleConnections<?>> HOLDING = ConcurrentHashMap.newKeySet();
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dpm-idle-connections");
        t.setDaemon(true);
        return t;
    });
    private static final long SWEEP_MILLIS = 1000;

    static {
        SWEEPER.scheduleWithFixedDelay(IdleConnections::sweepAll, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    private record Entry(Http1Connection conn, long since) {
    }

    private final int maxPerPeer;
    private final long timeoutNanos;
    private final Map<K, ArrayDeque<Entry>> idle = new HashMap<>(); // guarded by this; newest last
    private boolean closed; // guarded by this

    /** A pool of up to {@code maxPerPeer} idle connections per peer, each kept {@code timeout}; zero keeps none. */
    public IdleConnections(int maxPerPeer, Duration timeout) {
        this.maxPerPeer = maxPerPeer;
        this.timeoutNanos = timeout.toNanos();
    }

    /**
     * An idle connection to {@code peer} that is still open, marked as reused, or null when there is
     * none. The most recently used comes first: it is the least likely to have been closed by the peer.
     */
    public Http1Connection take(K peer) {
        while (true) {
            Entry e;
            synchronized (this) {
                ArrayDeque<Entry> q = idle.get(peer);
                e = q == null ? null : q.pollLast();
                if (q != null && q.isEmpty()) {
                    idle.remove(peer);
                }
            }
            if (e == null) {
                return null;
            }
            if (System.nanoTime() - e.since < timeoutNanos && e.conn.probeIdle()) {
                e.conn.markReused();
                return e.conn;
            }
            e.conn.close();
        }
    }

    /**
     * Keeps {@code conn} for a later {@link #take}, or closes it when it is not idle, the peer already
     * has {@code maxPerPeer} waiting, or the pool is closed. Returns whether it was kept.
     */
    public boolean offer(K peer, Http1Connection conn) {
        boolean kept = false;
        if (conn.isIdle() && timeoutNanos > 0) {
            synchronized (this) {
                if (!closed) {
                    ArrayDeque<Entry> q = idle.computeIfAbsent(peer, k -> new ArrayDeque<>());
                    if (q.size() < maxPerPeer) {
                        q.addLast(new Entry(conn, System.nanoTime()));
                        kept = true;
                    } else if (q.isEmpty()) {
                        idle.remove(peer);
                    }
                }
            }
        }
        if (kept) {
            HOLDING.add(this);
        } else {
            conn.close();
        }
        return kept;
    }

    /** Closes the idle connections to {@code peer} (one the fetcher stopped trusting, say). */
    public void evict(K peer) {
        ArrayDeque<Entry> q;
        synchronized (this) {
            q = idle.remove(peer);
        }
        if (q != null) {
            q.forEach(e -> e.conn.close());
        }
    }

    /** How many connections to {@code peer} are idle in the pool. */
    public synchronized int idleCount(K peer) {
        ArrayDeque<Entry> q = idle.get(peer);
        return q == null ? 0 : q.size();
    }

    /** Closes every idle connection; connections offered afterwards are closed at once. */
    @Override
    public void close() {
        List<Entry> all = new ArrayList<>();
        synchronized (this) {
            closed = true;
            idle.values().forEach(all::addAll);
            idle.clear();
        }
        HOLDING.remove(this);
        all.forEach(e -> e.conn.close());
    }

    /** Closes the connections idle for longer than the timeout. */
    void sweep() {
        List<Entry> expired = new ArrayList<>();
        long now = System.nanoTime();
        synchronized (this) {
            for (Iterator<ArrayDeque<Entry>> it = idle.values().iterator(); it.hasNext(); ) {
                ArrayDeque<Entry> q = it.next();
                while (!q.isEmpty() && now - q.peekFirst().since >= timeoutNanos) {
                    expired.add(q.pollFirst());
                }
                if (q.isEmpty()) {
                    it.remove();
                }
            }
            if (idle.isEmpty()) {
                HOLDING.remove(this); // offer adds it back, after its own insertion: none is missed
            }
        }
        expired.forEach(e -> e.conn.close());
    }

    private static void sweepAll() {
        for (IdleConnections<?> p : HOLDING) {
            try {
                p.sweep();
            } catch (RuntimeException e) {
                // one pool's failure must not stop the timer for every other
            }
        }
    }
}
