package dev.dpm.storage.internal;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct buffers for block bodies, reused across blocks and fetches: a socket reads into a direct
 * buffer without the JDK's intermediate copy, and reuse spares allocating (and zeroing) a new
 * buffer per block. Capacities are powers of two from 256 KiB; at most {@code retainBytes} are kept
 * idle, the rest is left to the garbage collector. Thread-safe.
 *
 * <p>Idle buffers are kept in one queue per capacity and only ever taken by {@code poll}: a buffer's
 * {@code equals} compares contents, so removing "this buffer" from a collection may remove another
 * one and leave this one to be handed out twice.
 */
public final class DirectBufferPool {
    private static final int MIN_SHIFT = 18; // 256 KiB
    private static final int MAX_SHIFT = 30;

    private final long retainBytes;
    private final AtomicLong idleBytes = new AtomicLong();
    @SuppressWarnings("unchecked")
    private final ConcurrentLinkedDeque<ByteBuffer>[] idleByShift = new ConcurrentLinkedDeque[MAX_SHIFT + 1];

    public DirectBufferPool(long retainBytes) {
        this.retainBytes = retainBytes;
        for (int s = MIN_SHIFT; s <= MAX_SHIFT; s++) {
            idleByShift[s] = new ConcurrentLinkedDeque<>();
        }
    }

    /** A cleared buffer of at least {@code size} bytes, its limit set to {@code size}. */
    public ByteBuffer acquire(int size) {
        if (size < 0 || size > 1 << MAX_SHIFT) {
            throw new IllegalArgumentException("buffer size out of range: " + size);
        }
        int shift = shiftFor(size);
        for (int s = shift; s <= MAX_SHIFT; s++) {
            ByteBuffer b = idleByShift[s].pollFirst();
            if (b != null) {
                idleBytes.addAndGet(-b.capacity());
                return b.clear().limit(size);
            }
        }
        return ByteBuffer.allocateDirect(1 << shift).limit(size);
    }

    /** Gives a buffer from {@link #acquire} back; the caller no longer uses it or any view of it. */
    public void release(ByteBuffer b) {
        int shift = Integer.numberOfTrailingZeros(b.capacity());
        if (b.capacity() != 1 << shift || shift < MIN_SHIFT || shift > MAX_SHIFT) {
            throw new IllegalArgumentException("not a buffer of this pool: capacity " + b.capacity());
        }
        if (idleBytes.addAndGet(b.capacity()) <= retainBytes) {
            idleByShift[shift].addFirst(b);
        } else {
            idleBytes.addAndGet(-b.capacity());
        }
    }

    private static int shiftFor(int size) {
        return Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, size - 1)));
    }
}
