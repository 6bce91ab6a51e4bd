package dev.dpm.storage.internal;

import dev.dpm.content.Multihash;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpField;

/**
 * Raw blocks a node serves often, kept in read-only direct buffers together with their
 * pre-encoded per-block response headers, so a hit costs no file open, no read and no copy before
 * the socket write (what nginx gets from sendfile). Blocks are immutable (content-addressed), so an
 * entry can only be stale by the block's deletion: the caller checks the block is still stored.
 *
 * <p>Admission on the second request within a window (a block fetched once, as in a large
 * download, is never copied); eviction by a clock sweep (entries not hit since the previous sweep
 * go), at most once a second so a stream of one-off blocks cannot churn the cache. Thread-safe.
 */
final class BlockCache {
    /** A cached block and its per-block headers. */
    record Entry(ByteBuffer bytes, List<HttpField> headers, Hit hit) {
        ByteBuffer content() {
            return bytes.duplicate();
        }
    }

    /** Whether the entry was used since the last sweep. */
    static final class Hit {
        volatile boolean recent = true;
    }

    private static final int SEEN_WINDOW = 8192;
    private static final long SWEEP_INTERVAL_NANOS = 1_000_000_000L;

    private final long capacity;
    private final Map<Multihash, Entry> entries = new ConcurrentHashMap<>();
    private final Map<Multihash, Boolean> seenOnce = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong lastSweep = new AtomicLong(System.nanoTime() - SWEEP_INTERVAL_NANOS);
    /** For tests: runs in the sweep just before it evicts an entry (where a concurrent remove can strike). */
    volatile Consumer<Multihash> beforeEviction;

    BlockCache(long capacityBytes) {
        this.capacity = capacityBytes;
    }

    /** The cached entry (marked as used), or null. */
    Entry get(Multihash mh) {
        Entry e = entries.get(mh);
        if (e != null) {
            e.hit().recent = true;
        }
        return e;
    }

    /** Forgets a block (it is no longer stored). */
    void remove(Multihash mh) {
        Entry e = entries.remove(mh);
        if (e != null) {
            used.addAndGet(-e.bytes().capacity());
        }
    }

    /**
     * Offers a block just read from disk ({@code content} from position to limit, not modified);
     * it is copied in on its second offer when there is room.
     */
    void offer(Multihash mh, ByteBuffer content, List<HttpField> headers) {
        if (capacity <= 0 || entries.containsKey(mh)) {
            return;
        }
        if (seenOnce.putIfAbsent(mh, Boolean.TRUE) == null) {
            if (seenOnce.size() > SEEN_WINDOW) {
                seenOnce.clear(); // a window, not a history: one-off blocks must not pile up
            }
            return;
        }
        int n = content.remaining();
        if (n > capacity / 4) {
            return;
        }
        if (used.get() + n > capacity && !sweep()) {
            return;
        }
        if (used.addAndGet(n) > capacity) {
            used.addAndGet(-n);
            return;
        }
        ByteBuffer copy;
        try {
            copy = ByteBuffer.allocateDirect(n);
        } catch (OutOfMemoryError e) {
            used.addAndGet(-n); // direct memory is short: serving from disk is fine
            return;
        }
        copy.put(content.duplicate()).flip();
        if (entries.putIfAbsent(mh, new Entry(copy.asReadOnlyBuffer(), List.copyOf(headers), new Hit())) != null) {
            used.addAndGet(-n);
        } else {
            seenOnce.remove(mh);
        }
    }

    /** Drops the entries not hit since the previous sweep; false if a sweep ran less than a second ago. */
    private boolean sweep() {
        long now = System.nanoTime();
        long last = lastSweep.get();
        if (now - last < SWEEP_INTERVAL_NANOS || !lastSweep.compareAndSet(last, now)) {
            return false;
        }
        for (Map.Entry<Multihash, Entry> e : entries.entrySet()) {
            if (e.getValue().hit().recent) {
                e.getValue().hit().recent = false;
            } else {
                Consumer<Multihash> hook = beforeEviction;
                if (hook != null) {
                    hook.accept(e.getKey());
                }
                // Only if still this entry: a concurrent remove(mh) may have taken it (and its bytes)
                // already, or a new entry for the block taken its place; removing by key would then
                // subtract the size a second time, or evict the fresh entry.
                if (entries.remove(e.getKey(), e.getValue())) {
                    used.addAndGet(-e.getValue().bytes().capacity());
                }
            }
        }
        return true;
    }

    /** Bytes held. */
    long usedBytes() {
        return used.get();
    }
}
