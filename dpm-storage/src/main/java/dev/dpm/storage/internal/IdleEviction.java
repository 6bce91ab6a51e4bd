package dev.dpm.storage.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which idle keep-alive connections a server at its connection limit closes to admit new ones (as
 * nginx reuses keep-alive connections when its worker connections run out): those with no request
 * being handled, the longest idle first, until {@code max / 8} slots (at least one) are free again.
 *
 * <p>Why: a server that just stops accepting at the limit leaves new clients in the accept backlog,
 * with no byte, for as long as idle keep-alive connections (which cost nothing but a slot) stay
 * open, up to the idle timeout. Connections idle for less than {@code minIdleNanos} are spared:
 * their last response may still be leaving. Pure logic (times are passed in); thread-safe.
 *
 * @param <K> a connection
 */
public final class IdleEviction<K> {
    private static final class State {
        int busy;
        long idleSince;
        boolean evicting;

        State(long now) {
            this.idleSince = now;
        }
    }

    private final int max;
    private final int target;
    private final long minIdleNanos;
    private final Map<K, State> open = new HashMap<>(); // guarded by this
    private int live; // open and not chosen for eviction; guarded by this

    /** For a server accepting at most {@code max} connections. */
    public IdleEviction(int max, long minIdleNanos) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be positive: " + max);
        }
        this.max = max;
        this.target = max - Math.max(1, max / 8);
        this.minIdleNanos = minIdleNanos;
    }

    public synchronized void opened(K c, long now) {
        if (open.put(c, new State(now)) == null) {
            live++;
        }
    }

    public synchronized void closed(K c) {
        State s = open.remove(c);
        if (s != null && !s.evicting) {
            live--;
        }
    }

    /** A request on {@code c} is being handled. */
    public synchronized void busy(K c) {
        State s = open.get(c);
        if (s != null) {
            s.busy++;
        }
    }

    /** A request on {@code c} was answered. */
    public synchronized void idle(K c, long now) {
        State s = open.get(c);
        if (s != null) {
            s.busy = Math.max(0, s.busy - 1);
            s.idleSince = now;
        }
    }

    /** Open connections (including those chosen for eviction and not yet closed). */
    public synchronized int open() {
        return open.size();
    }

    /** Whether the server is at its limit with nothing left to evict now (so it should look again soon). */
    public synchronized boolean stillFull() {
        return live >= max;
    }

    /**
     * At the limit, the connections to close now (each chosen once): idle ones, the longest idle
     * first, enough to free {@code max / 8} slots when there are that many; else none.
     */
    public synchronized List<K> evict(long now) {
        if (live < max) {
            return List.of();
        }
        List<Map.Entry<K, State>> idle = new ArrayList<>();
        for (Map.Entry<K, State> e : open.entrySet()) {
            State s = e.getValue();
            if (!s.evicting && s.busy == 0 && now - s.idleSince >= minIdleNanos) {
                idle.add(e);
            }
        }
        idle.sort((a, b) -> Long.compare(a.getValue().idleSince, b.getValue().idleSince));
        List<K> out = new ArrayList<>();
        for (Map.Entry<K, State> e : idle) {
            if (live <= target) {
                break;
            }
            e.getValue().evicting = true;
            live--;
            out.add(e.getKey());
        }
        return out;
    }

    /** Every open connection with no request in progress (a node stopping closes them at once). */
    public synchronized List<K> idleNow() {
        List<K> out = new ArrayList<>();
        open.forEach((c, st) -> {
            if (st.busy == 0) {
                out.add(c);
            }
        });
        return out;
    }
}
