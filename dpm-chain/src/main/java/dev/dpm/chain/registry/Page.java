package dev.dpm.chain.registry;

import java.util.List;

/**
 * One page of a paginated registry read.
 *
 * @param items  the items of this page
 * @param offset the offset this page starts at
 * @param total  how many items exist in all
 */
public record Page<T>(List<T> items, long offset, long total) {
    public Page {
        items = List.copyOf(items);
    }

    /** Offset of the next page; equal to {@link #total()} when this is the last. */
    public long next() {
        return Math.min(total, offset + items.size());
    }

    public boolean hasMore() {
        return next() < total;
    }
}
