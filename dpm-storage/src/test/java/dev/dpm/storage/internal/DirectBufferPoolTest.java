package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DirectBufferPoolTest {
    @Test
    void handsOutDirectBuffersLimitedToTheSizeAskedAndReusesThem() {
        DirectBufferPool pool = new DirectBufferPool(4L << 20);
        ByteBuffer a = pool.acquire(1_000_000);
        assertThat(a.isDirect()).isTrue();
        assertThat(a.position()).isZero();
        assertThat(a.limit()).isEqualTo(1_000_000);
        assertThat(a.capacity()).isEqualTo(1 << 20);
        a.put(new byte[10]);
        pool.release(a);
        ByteBuffer again = pool.acquire(300_000);
        assertThat(again).isSameAs(a);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo(300_000);
        ByteBuffer bigger = pool.acquire(2 << 20); // none idle is large enough
        assertThat(bigger).isNotSameAs(a);
        assertThat(bigger.capacity()).isEqualTo(2 << 20);
    }

    @Test
    void keepsNoMoreIdleBytesThanItMayRetain() {
        DirectBufferPool pool = new DirectBufferPool(1L << 20);
        ByteBuffer a = pool.acquire(1 << 20);
        ByteBuffer b = pool.acquire(1 << 20);
        pool.release(a);
        pool.release(b); // over the bound: left to the garbage collector
        assertThat(pool.acquire(1 << 20)).isSameAs(a);
        assertThat(pool.acquire(1 << 20)).isNotSameAs(b);
    }

    @Test
    void neverHandsOutOneBufferTwiceWhenIdleBuffersHaveEqualContents() {
        // ByteBuffer.equals compares the remaining bytes: two spent buffers (nothing remaining) are
        // "equal", which once made the pool remove the wrong one and give the other out twice
        DirectBufferPool pool = new DirectBufferPool(4L << 20);
        ByteBuffer small = pool.acquire(256 * 1024);
        ByteBuffer large = pool.acquire(1 << 20);
        small.position(small.limit());
        large.position(large.limit());
        pool.release(large);
        pool.release(small);
        ByteBuffer first = pool.acquire(1 << 20);
        ByteBuffer second = pool.acquire(1 << 20);
        assertThat(first).isSameAs(large);
        assertThat(second).isNotSameAs(first);
        assertThat(pool.acquire(256 * 1024)).isSameAs(small);
    }

    @Test
    void concurrentUsersNeverShareABuffer() throws Exception {
        DirectBufferPool pool = new DirectBufferPool(64L << 20);
        Set<ByteBuffer> inUse = Collections.newSetFromMap(new IdentityHashMap<>());
        AtomicInteger shared = new AtomicInteger();
        try (var threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                int id = t;
                threads.execute(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        ByteBuffer b = pool.acquire((i + id) % 2 == 0 ? 256 * 1024 : 1 << 20);
                        synchronized (inUse) {
                            if (!inUse.add(b)) {
                                shared.incrementAndGet();
                            }
                        }
                        b.position(b.limit()); // spent, as a block buffer is when it comes back
                        synchronized (inUse) {
                            inUse.remove(b);
                        }
                        pool.release(b);
                    }
                });
            }
        }
        assertThat(shared.get()).isZero();
    }

    @Test
    void refusesABufferItCannotHaveHandedOut() {
        DirectBufferPool pool = new DirectBufferPool(4L << 20);
        assertThatThrownBy(() -> pool.release(ByteBuffer.allocateDirect(1000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity 1000");
    }
}
