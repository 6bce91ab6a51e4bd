package dev.dpm.chain.registry;

import dev.dpm.chain.ChainException;
import java.util.ArrayList;
import java.util.List;

/**
 * One page of a paginated registry read.
 *
 * @param items  the items of this page
 * @param offset the offset this page starts at
 * @param total  how many items exist in all
 */
public record Page<T>(List<T> items, long offset, long total) {
    /**
     * The most items {@link #collect} reads: a bound on what one endpoint can make a client page through
     * (an endless-data answer), far above any real registry's publishers or names.
     */
    static final long MAX_COLLECTED = 1_000_000;

    public Page {
        items = List.copyOf(items);
    }

    /** Reads one page; see {@link #collect}. */
    @FunctionalInterface
    interface Reader<T> {
        Page<T> read(long offset, int limit) throws ChainException;
    }

    /**
     * Every item, page by page, all read at one pinned block, so the answers must agree with each other:
     * the same total on every page, no page longer than asked or past the total, no empty page before
     * the total, and a total of at most {@link #MAX_COLLECTED}. An endpoint whose answers do not is
     * refused rather than followed (it could otherwise keep a client paging without end).
     *
     * @param what what is read, for messages ("registry publishers")
     * @throws ChainException naming what and the inconsistency
     */
    static <T> List<T> collect(Reader<T> reader, int limit, String what) throws ChainException {
        List<T> all = new ArrayList<>();
        long offset = 0;
        long total = -1;
        do {
            Page<T> p = reader.read(offset, limit);
            if (total < 0) {
                total = p.total();
                if (total > MAX_COLLECTED) {
                    throw new ChainException("the endpoint says there are " + total + " " + what
                            + ", more than this client reads (" + MAX_COLLECTED + "): refused as endless data");
                }
            }
            String wrong = p.total() != total ? "a total of " + p.total() + " after " + total + " at the same block"
                    : p.items().size() > limit ? p.items().size() + " items for a page of at most " + limit
                    : offset + p.items().size() > total ? "items past the total " + total
                    : p.items().isEmpty() && offset < total ? "an empty page at offset " + offset + " of " + total
                    : null;
            if (wrong != null) {
                throw new ChainException("inconsistent answer reading " + what + ": " + wrong);
            }
            all.addAll(p.items());
            offset += p.items().size();
        } while (offset < total);
        return all;
    }

    /** Offset of the next page; equal to {@link #total()} when this is the last. */
    public long next() {
        return Math.min(total, offset + items.size());
    }

    public boolean hasMore() {
        return next() < total;
    }
}
