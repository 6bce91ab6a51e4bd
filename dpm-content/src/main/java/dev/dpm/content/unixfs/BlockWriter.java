package dev.dpm.content.unixfs;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes blocks to a blockstore on a few background threads so that hashing the next chunk
 * overlaps with writing (and fsyncing) the previous ones. At most {@code inFlight} blocks are
 * queued, which bounds memory. The first failure is rethrown by the next {@link #submit} or by
 * {@link #finish}. Used by one importing thread.
 */
final class BlockWriter implements AutoCloseable {
    private final Blockstore store;
    private final ExecutorService pool;
    private final Semaphore permits;
    private final int inFlight;
    private final AtomicReference<ContentException> failure = new AtomicReference<>();

    BlockWriter(Blockstore store, int threads, int inFlight) {
        this.store = store;
        this.inFlight = inFlight;
        this.permits = new Semaphore(inFlight);
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "dpm-block-writer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues a block (the array must not be modified afterwards); {@code written} runs once the
     * store is done with the array (also after a failure), so the caller may reuse it.
     */
    void submit(Cid cid, byte[] block, Runnable written) throws ContentException {
        rethrow();
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentException("interrupted while writing block " + cid, e);
        }
        pool.execute(() -> {
            try {
                if (failure.get() == null) {
                    store.putComputed(cid, block);
                }
            } catch (ContentException e) {
                failure.compareAndSet(null, e);
            } catch (RuntimeException | Error e) {
                // An Error (out of memory) too: recorded only as an exception, it ended this write
                // but not the import, which then handed out a root whose blocks were never stored.
                failure.compareAndSet(null, new ContentException("writing block " + cid + " failed: " + e, e));
            } finally {
                try {
                    written.run();
                } finally {
                    permits.release(); // else finish() waits for this permit for ever
                }
            }
        });
    }

    /** Waits until every queued block is written; rethrows the first failure. */
    void finish() throws ContentException {
        try {
            permits.acquire(inFlight);
            permits.release(inFlight);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ContentException("interrupted while writing blocks", e);
        }
        rethrow();
    }

    private void rethrow() throws ContentException {
        ContentException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            pool.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
