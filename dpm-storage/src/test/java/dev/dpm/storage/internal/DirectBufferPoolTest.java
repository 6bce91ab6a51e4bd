package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
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
}
