package dev.dpm.storage.share;

import dev.dpm.content.Cid;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.Peer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Restores the replication factor after a member leaves. Under rendezvous hashing only the roots the
 * departed member owned get a new owner (the next in their ranking); each such owner fetches the DAG
 * over the network from the surviving previous owners, with the verified multi-peer fetcher, into its
 * own blockstore. Copies run {@code parallelism} at a time.
 *
 * <p>Thread-safe; one instance may repair several departures in turn.
 */
public final class Rereplicator {
    private final int parallelism;
    private final Duration requestTimeout;

    /**
     * @param parallelism    DAG copies in flight at once (at least 1)
     * @param requestTimeout per-block request timeout of the fetcher
     */
    public Rereplicator(int parallelism, Duration requestTimeout) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1: " + parallelism);
        }
        this.parallelism = parallelism;
        this.requestTimeout = requestTimeout;
    }

    /**
     * Copies every root whose owner set changed when {@code departed} left {@code before}.
     *
     * @param roots     every root in the archive
     * @param remaining the members still up (must be {@code before} without {@code departed}), by id
     * @throws RereplicationException if a copy fails although a previous owner remains
     */
    public RereplicationReport afterLeave(List<Cid> roots, RendezvousHash before, String departed,
            Map<String, ShareMember> remaining, int r, RereplicationListener listener)
            throws RereplicationException, InterruptedException {
        RendezvousHash after = before.without(departed);
        for (String id : after.nodes()) {
            if (!remaining.containsKey(id)) {
                throw new IllegalArgumentException("no member record for " + id);
            }
        }
        record Copy(Cid root, ShareMember to, List<Peer> from) {
        }
        List<Copy> copies = new ArrayList<>();
        List<Cid> lost = new ArrayList<>();
        for (Cid root : roots) {
            byte[] key = SharePlacement.key(root);
            List<String> old = before.owners(key, r);
            if (!old.contains(departed)) {
                continue; // rendezvous hashing: nothing else moves
            }
            Set<String> oldSet = new HashSet<>(old);
            List<Peer> sources = old.stream().filter(id -> !id.equals(departed)).map(id -> remaining.get(id).peer())
                    .toList();
            if (sources.isEmpty()) {
                lost.add(root);
                continue;
            }
            for (String id : after.owners(key, r)) {
                if (!oldSet.contains(id)) {
                    copies.add(new Copy(root, remaining.get(id), sources));
                }
            }
        }
        long t0 = System.nanoTime();
        AtomicInteger done = new AtomicInteger();
        long bytes = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(parallelism)) {
            List<Future<Long>> futures = new ArrayList<>();
            for (Copy c : copies) {
                futures.add(pool.submit(() -> {
                    HttpDagFetcher fetcher = HttpDagFetcher.builder().peers(c.from()).requestTimeout(requestTimeout)
                            .build();
                    FetchSummary s = fetcher.fetch(c.root(), c.to().store(), FetchListener.NONE);
                    listener.copied(c.root(), c.to().id(), s.bytesFetched(), done.incrementAndGet(), copies.size());
                    return s.bytesFetched();
                }));
            }
            for (int i = 0; i < futures.size(); i++) {
                try {
                    bytes += futures.get(i).get();
                } catch (ExecutionException e) {
                    futures.forEach(f -> f.cancel(true));
                    Copy c = copies.get(i);
                    throw new RereplicationException(c.root(), c.to().id(), e.getCause());
                } catch (InterruptedException e) {
                    // else closing the pool runs every queued copy to its end before the interrupt is seen
                    futures.forEach(f -> f.cancel(true));
                    throw e;
                }
            }
        }
        return new RereplicationReport(departed, copies.size(), bytes, lost,
                Duration.ofNanos(System.nanoTime() - t0));
    }
}
