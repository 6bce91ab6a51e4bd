package dev.dpm.bench.resolve;

import dev.dpm.core.debian.AptSimulation;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Index;
import dev.dpm.core.resolve.Plan;
import dev.dpm.core.resolve.Request;
import dev.dpm.core.resolve.ResolveException;
import dev.dpm.core.resolve.Resolver;
import dev.dpm.core.resolve.UnsatisfiableException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Resolver benchmarks:
 * <ol>
 *   <li>a 10,000-name synthetic index ({@link SyntheticIndex}): install requests of 5 random packages,
 *       median/max resolve time;</li>
 *   <li>real Debian bookworm (the lists apt keeps in /var/lib/apt/lists): build-essential,
 *       openjdk-17-jdk, libreoffice-writer, gnome-core for an empty system, dpm's resolve time vs
 *       {@code apt-get -s install} wall time measured in the same run ({@link AptSimulation}: isolated
 *       config, empty dpkg status, simulation only).</li>
 * </ol>
 * Times are wall clock plus the resolving thread's CPU time (the machine may be shared). Run:
 * {@code java -cp … dev.dpm.bench.resolve.ResolveBenchmark [SYNTHETIC_N] [REPEATS] [--no-debian]}.
 */
public final class ResolveBenchmark {
    private static final String[] TARGETS = {"build-essential", "openjdk-17-jdk", "libreoffice-writer", "gnome-core"};

    private ResolveBenchmark() {
    }

    /** One measured resolution. */
    public record Sample(String what, int packages, double wallMs, double cpuMs, boolean optimal) {
    }

    /** Resolves {@code requests} random 5-package installs on a synthetic index of {@code n} names. */
    public static List<Sample> synthetic(int n, int requests, long seed) throws ResolveException {
        Index index = Index.of(SyntheticIndex.generate(n, seed));
        Resolver resolver = Resolver.builder(index).timeLimit(Duration.ofSeconds(5)).build();
        SplittableRandom rnd = new SplittableRandom(seed + 1);
        List<Sample> out = new ArrayList<>();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int r = 0; r < requests; r++) {
            String[] targets = new String[5];
            for (int k = 0; k < targets.length; k++) {
                // Applications live in the upper half of the layers.
                targets[k] = SyntheticIndex.name(n / 2 + rnd.nextInt(n / 2));
            }
            long c0 = mx.getCurrentThreadCpuTime();
            long w0 = System.nanoTime();
            int packages;
            boolean optimal;
            try {
                Plan p = resolver.resolve(List.of(), Request.install(targets));
                packages = p.install().size();
                optimal = p.optimal();
            } catch (UnsatisfiableException e) {
                packages = -1;
                optimal = true;
            }
            out.add(new Sample(String.join(",", targets), packages, (System.nanoTime() - w0) / 1e6,
                    (mx.getCurrentThreadCpuTime() - c0) / 1e6, optimal));
        }
        return out;
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        boolean debian = !Arrays.asList(args).contains("--no-debian");
        StringBuilder report = new StringBuilder();

        long t0 = System.nanoTime();
        synthetic(n, 5, 42); // JIT warm-up
        List<Sample> syn = synthetic(n, repeats, 42);
        report.append(String.format(Locale.ROOT, "synthetic index: %d names, %d requests of 5 packages (warm-up %.0f ms)%n",
                n, repeats, (System.nanoTime() - t0) / 1e6));
        double[] wall = syn.stream().mapToDouble(Sample::wallMs).sorted().toArray();
        double[] cpu = syn.stream().mapToDouble(Sample::cpuMs).sorted().toArray();
        long unsat = syn.stream().filter(s -> s.packages() < 0).count();
        double avgPkgs = syn.stream().filter(s -> s.packages() >= 0).mapToInt(Sample::packages).average().orElse(0);
        report.append(String.format(Locale.ROOT,
                "  wall median %.1f ms, max %.1f ms; cpu median %.1f ms, max %.1f ms; %.0f packages per plan on average;"
                + " %d unsatisfiable (explained)%n", wall[wall.length / 2], wall[wall.length - 1], cpu[cpu.length / 2],
                cpu[cpu.length - 1], avgPkgs, unsat));

        List<Path> lists = PackagesIndex.aptLists(Path.of("/var/lib/apt/lists"), "bookworm", "amd64");
        if (debian && !lists.isEmpty() && AptSimulation.available()) {
            long l0 = System.nanoTime();
            List<Candidate> all = PackagesIndex.candidates(lists);
            Index index = Index.of(all);
            report.append(String.format(Locale.ROOT, "bookworm (%d lists): %d releases, loaded in %.0f ms%n", lists.size(),
                    index.size(), (System.nanoTime() - l0) / 1e6));
            Resolver resolver = Resolver.builder(index).timeLimit(Duration.ofSeconds(5)).build();
            Path scratch = Files.createTempDirectory("dpm-resolve-bench");
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            for (String target : TARGETS) {
                resolver.resolve(List.of(), Request.install(target));
                double best = Double.MAX_VALUE;
                double bestCpu = Double.MAX_VALUE;
                Plan plan = null;
                for (int r = 0; r < 3; r++) {
                    long c0 = mx.getCurrentThreadCpuTime();
                    long w0 = System.nanoTime();
                    plan = resolver.resolve(List.of(), Request.install(target));
                    best = Math.min(best, (System.nanoTime() - w0) / 1e6);
                    bestCpu = Math.min(bestCpu, (mx.getCurrentThreadCpuTime() - c0) / 1e6);
                }
                AptSimulation apt = AptSimulation.create(scratch.resolve(target), Path.of("/var/lib/apt/lists"), "amd64");
                apt.install(target); // builds apt's binary cache once, as a real system has it
                double aptBest = Double.MAX_VALUE;
                int aptCount = 0;
                for (int r = 0; r < 3; r++) {
                    AptSimulation.Answer a = apt.install(target);
                    aptBest = Math.min(aptBest, a.wallNanos() / 1e6);
                    aptCount = a.installs().size();
                }
                report.append(String.format(Locale.ROOT,
                        "  %-20s dpm %4d packages %7.1f ms wall %7.1f ms cpu | apt-get -s %4d packages %7.1f ms wall | ratio %.1fx%n",
                        target, plan.install().size(), best, bestCpu, aptCount, aptBest, aptBest / best));
            }
        } else {
            report.append("bookworm: skipped (no apt lists or apt-get)\n");
        }
        System.out.print(report);
    }
}
