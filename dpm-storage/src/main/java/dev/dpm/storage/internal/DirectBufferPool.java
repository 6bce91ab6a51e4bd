package dev.dpm.storage.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for block bodies, reused across blocks and fetches: a socket reads into a direct
 * buffer without the JDK's intermediate copy, and reuse spares allocating (and zeroing) a new
 * buffer per block. Capacities are powers of two from 256 KiB; at most {@code retainBytes} are kept
 * idle, the rest is left to the garbage collector. Thread-safe.
 */
public final class DirectBufferPool {
    private static final int MIN_CAPACITY = 256 * 1024;

    private final long retainBytes;
    private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();
    private final AtomicLong idleBytes = new AtomicLong();

    public DirectBufferPool(long retainBytes) {
        this.retainBytes = retainBytes;
    }

    /** A cleared buffer of at least {@code size} bytes, its limit set to {@code size}. */
    public ByteBuffer acquire(int size) {
        for (ByteBuffer b : idle) {
            if (b.capacity() >= size && idle.removeFirstOccurrence(b)) {
                idleBytes.addAndGet(-b.capacity());
                return b.clear().limit(size);
            }
        }
        int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit(Math.max(1, size - 1)) << 1);
        return ByteBuffer.allocateDirect(capacity).limit(size);
    }

    /** Gives a buffer from {@link #acquire} back; the caller no longer uses it or any view of it. */
    public void release(ByteBuffer b) {
        if (idleBytes.addAndGet(b.capacity()) <= retainBytes) {
            idle.addFirst(b);
        } else {
            idleBytes.addAndGet(-b.capacity());
        }
    }
}
