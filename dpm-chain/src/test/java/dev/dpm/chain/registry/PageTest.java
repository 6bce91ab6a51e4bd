package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.ChainException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** Paging through a registry list at one block: an endpoint's answers must agree with each other. */
class PageTest {
    /** An honest contract: min(limit, total - offset) items. */
    private static Page<Long> honest(long total, long offset, int limit) {
        List<Long> items = LongStream.range(offset, Math.min(total, offset + limit)).boxed().toList();
        return new Page<>(items, offset, total);
    }

    @Test
    void collectsEveryPageOfAnHonestAnswer() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        List<Long> all = Page.collect((o, l) -> {
            calls.incrementAndGet();
            return honest(1001, o, l);
        }, 500, "things");
        assertThat(all).hasSize(1001).startsWith(0L).endsWith(1000L).doesNotHaveDuplicates();
        assertThat(calls).hasValue(3);
        assertThat(Page.collect((o, l) -> honest(0, o, l), 500, "things")).isEmpty();
    }

    @Test
    void anEndlessTotalIsRefusedBeforePaging() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Page.collect((o, l) -> {
            calls.incrementAndGet();
            return honest(Long.MAX_VALUE, o, l);
        }, 500, "registry publishers")).isInstanceOf(ChainException.class)
                .hasMessageContaining(Long.MAX_VALUE + " registry publishers").hasMessageContaining("endless data");
        assertThat(calls).hasValue(1);
    }

    @Test
    void answersThatDisagreeWithEachOtherAreRefused() {
        // the total grows with every page (before: followed until the endpoint stopped)
        AtomicInteger page = new AtomicInteger();
        assertThatThrownBy(() -> Page.collect((o, l) -> honest(1000 + page.incrementAndGet() * 500L, o, l), 500, "names"))
                .hasMessageContaining("inconsistent answer reading names: a total of 2000 after 1500");
        // a page longer than asked
        assertThatThrownBy(() -> Page.collect((o, l) -> honest(5000, o, l * 2), 500, "names"))
                .hasMessageContaining("1000 items for a page of at most 500");
        // an empty page before the total (before: the partial list was returned as if complete)
        assertThatThrownBy(() -> Page.collect((o, l) -> o == 0 ? honest(900, o, l) : new Page<>(new ArrayList<Long>(), o, 900),
                500, "names")).hasMessageContaining("an empty page at offset 500 of 900");
        // items past the total
        assertThatThrownBy(() -> Page.collect((o, l) -> new Page<>(List.of(1L, 2L, 3L), o, 2), 500, "names"))
                .hasMessageContaining("items past the total 2");
    }
}
