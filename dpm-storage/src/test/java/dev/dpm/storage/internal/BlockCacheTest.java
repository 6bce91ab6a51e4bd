package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.Multihash;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
    private static Multihash mh(byte[] b) {
        return Cid.raw(b).multihash();
    }

    @Test
    void admitsOnTheSecondOfferAndServesAnIndependentReadOnlyCopy() {
        BlockCache cache = new BlockCache(1 << 20);
        byte[] block = "hot block".getBytes();
        ByteBuffer source = ByteBuffer.wrap(block);
        List<HttpField> headers = List.of(new HttpField("X-Ipfs-Roots", "x"));
        cache.offer(mh(block), source, headers);
        assertThat(cache.get(mh(block))).as("one request is not yet hot").isNull();
        cache.offer(mh(block), source, headers);
        BlockCache.Entry e = cache.get(mh(block));
        assertThat(e).isNotNull();
        assertThat(source.remaining()).as("the offered buffer is not consumed").isEqualTo(block.length);
        ByteBuffer a = e.content();
        ByteBuffer b = e.content();
        assertThat(a.isReadOnly()).isTrue();
        byte[] out = new byte[a.remaining()];
        a.get(out);
        assertThat(out).isEqualTo(block);
        assertThat(b.remaining()).as("each response gets its own position").isEqualTo(block.length);
        assertThat(e.headers()).isEqualTo(headers);
        cache.remove(mh(block));
        assertThat(cache.get(mh(block))).isNull();
        assertThat(cache.usedBytes()).isZero();
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        BlockCache cache = new BlockCache(4096);
        for (int i = 0; i < 20; i++) {
            byte[] block = new byte[1000];
            block[0] = (byte) i;
            cache.offer(mh(block), ByteBuffer.wrap(block), List.of());
            cache.offer(mh(block), ByteBuffer.wrap(block), List.of());
            assertThat(cache.usedBytes()).isLessThanOrEqualTo(4096);
        }
        byte[] big = new byte[2000]; // more than a quarter of the capacity: never cached
        cache.offer(mh(big), ByteBuffer.wrap(big), List.of());
        cache.offer(mh(big), ByteBuffer.wrap(big), List.of());
        assertThat(cache.get(mh(big))).isNull();
    }

    @Test
    void aBlockRemovedWhileTheSweepEvictsItIsSubtractedOnce() {
        BlockCache cache = new BlockCache(4 * 1000);
        List<byte[]> blocks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            byte[] block = new byte[1000];
            block[0] = (byte) i;
            blocks.add(block);
        }
        for (byte[] b : blocks.subList(0, 4)) {
            cache.offer(mh(b), ByteBuffer.wrap(b), List.of());
            cache.offer(mh(b), ByteBuffer.wrap(b), List.of());
        }
        assertThat(cache.usedBytes()).isEqualTo(4000);
        cache.get(mh(blocks.get(0))).hit().recent = false; // not hit since the last sweep: evicted by the next
        // the block is deleted (the node's GC) just as the sweep, on another thread, is evicting it
        cache.beforeEviction = mh -> cache.remove(mh);
        byte[] fifth = blocks.get(4);
        cache.offer(mh(fifth), ByteBuffer.wrap(fifth), List.of());
        cache.offer(mh(fifth), ByteBuffer.wrap(fifth), List.of()); // full: sweeps, then admits it

        long held = 0;
        for (byte[] b : blocks) {
            BlockCache.Entry e = cache.get(mh(b));
            held += e == null ? 0 : e.bytes().capacity();
        }
        assertThat(cache.get(mh(blocks.get(0)))).isNull();
        assertThat(cache.get(mh(fifth))).isNotNull();
        assertThat(held).isEqualTo(4000);
        assertThat(cache.usedBytes()).as("bytes accounted").isEqualTo(held);
    }
}
