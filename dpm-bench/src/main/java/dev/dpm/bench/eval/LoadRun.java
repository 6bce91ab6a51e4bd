package dev.dpm.bench.eval;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop load: C client threads each install a uniformly drawn package (seeded per client),
 * then the next, until the run's time is up; installs in flight at that moment are completed and
 * counted. Per-install latency is request start to last verified byte.
 */
final class LoadRun {
    private LoadRun() {
    }

    /** Installs one package in the calling client's context; returns verified bytes. */
    @FunctionalInterface
    interface Install {
        long install(ArchivePackage p) throws Exception;
    }

    /** Creates one client (its own connections); closed when the client stops. */
    @FunctionalInterface
    interface ClientFactory {
        Client open() throws Exception;
    }

    interface Client extends Install, AutoCloseable {
        @Override
        void close();
    }

    static LoadResult run(String system, int nodes, int replication, int clients, Duration duration,
            List<ArchivePackage> packages, long seed, ClientFactory factory, List<Throwable> failuresOut)
            throws InterruptedException {
        ConcurrentLinkedQueue<Double> lat = new ConcurrentLinkedQueue<>();
        AtomicLong bytes = new AtomicLong();
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + c);
            threads.add(Thread.ofPlatform().name(system + "-client-" + c).start(() -> {
                try (Client client = factory.open()) {
                    while (System.nanoTime() < end) {
                        ArchivePackage p = packages.get(random.nextInt(packages.size()));
                        long t = System.nanoTime();
                        try {
                            bytes.addAndGet(client.install(p));
                            lat.add((System.nanoTime() - t) / 1e6);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            if (failuresOut.size() < 20) {
                                failuresOut.add(e);
                            }
                        }
                    }
                } catch (Exception e) {
                    failures.incrementAndGet();
                    failuresOut.add(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] sorted = lat.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        return new LoadResult(system, nodes, clients, replication, sorted.length, failures.get(), bytes.get(), seconds,
                sorted);
    }
}
