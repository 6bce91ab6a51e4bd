package dev.dpm.storage.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.Multihash;
import java.nio.ByteBuffer;
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
}
