package dev.dpm.cli.bench;

import dev.dpm.bench.eval.EvalConfig;
import dev.dpm.bench.eval.EvalHarness;
import dev.dpm.bench.eval.EvalListener;
import dev.dpm.bench.eval.EvalResult;
import dev.dpm.bench.eval.ReportWriter;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code dpm bench eval [--tiny] [--out DIR]}: the evaluation (dpm vs an nginx mirror on loopback, the
 * registry on anvil, the whole archive by simulation), printing progress, then the report and plots.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Measures download latency, throughput and peer storage of dpm against an nginx mirror "
                + "(same bandwidth cap per server), the registry on anvil, and extrapolates to the whole Debian "
                + "archive by simulation; writes README.md and PNG plots into --out.")
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--tiny", description = "the small configuration of the test (about a minute)")
    boolean tiny;

    @Option(names = "--out", paramLabel = "DIR", description = "report directory (default: docs/eval of the checkout)")
    Path out;

    @Option(names = "--work", paramLabel = "DIR", description = "scratch directory (default: a temporary one, deleted)")
    Path work;

    @Option(names = "--nodes", split = ",", paramLabel = "N,...", description = "storage node counts")
    List<Integer> nodes;

    @Option(names = "--clients", split = ",", paramLabel = "C,...", description = "concurrent client counts")
    List<Integer> clients;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "seconds per load run")
    Integer seconds;

    @Option(names = "--releases", split = ",", paramLabel = "N,...",
            description = "registry sizes at which dpm update is timed (e.g. 60000 to measure it directly)")
    List<Integer> releases;

    @Option(names = "--index", paramLabel = "FILE", description = "Debian Packages index (default: apt's bookworm main list)")
    Path index;

    @Option(names = "--no-apt-update", description = "do not refresh apt's lists first")
    boolean noAptUpdate;

    @Override
    public Integer call() throws Exception {
        System.setProperty("java.awt.headless", "true");
        checkArguments();
        Path repo = repoRoot();
        Path outDir = out != null ? out : repo.resolve("docs").resolve("eval");
        if (index != null && !Files.isReadable(index)) {
            throw new CliError(ExitCodes.INVALID_INPUT, "cannot read the index " + index);
        }
        boolean tempWork = work == null;
        Path workDir = tempWork ? Files.createTempDirectory("dpm-eval") : work;
        EvalConfig config = tiny ? EvalConfig.tiny(repo, outDir, workDir) : EvalConfig.defaults(repo, outDir, workDir);
        if (nodes != null || clients != null || seconds != null) {
            config = config.withLoad(nodes != null ? nodes : config.nodeCounts(),
                    clients != null ? clients : config.clientCounts(),
                    seconds != null ? Duration.ofSeconds(seconds) : config.runDuration());
        }
        if (releases != null) {
            config = config.withReleaseSteps(releases);
        }
        if (index != null) {
            config = config.withIndexFiles(List.of(index));
        }
        String note = index != null ? "given with --index" : tiny || noAptUpdate ? "apt's lists as found"
                : aptUpdate();
        long t0 = System.nanoTime();
        EvalListener progress = new EvalListener() {
            @Override
            public void phase(String name) {
                System.out.printf(Locale.ROOT, "[%5.0fs] == %s%n", (System.nanoTime() - t0) / 1e9, name);
            }

            @Override
            public void progress(String message) {
                System.out.printf(Locale.ROOT, "[%5.0fs]    %s%n", (System.nanoTime() - t0) / 1e9, message);
            }
        };
        try {
            EvalResult r;
            try {
                r = EvalHarness.run(config, note, progress);
            } catch (IOException e) {
                throw new CliError(ExitCodes.FAILURE, "dpm bench eval: " + e.getMessage(), e);
            }
            Path md = ReportWriter.write(r, outDir);
            ReportWriter.Headline h = ReportWriter.headline(r);
            System.out.printf(Locale.ROOT, "report: %s (plots alongside)%n", md);
            System.out.printf(Locale.ROOT, "headline (C=%d, dpm N=%d vs mirror): latency p50 %.1fx, p95 %.1fx, "
                            + "p99 %.1fx lower; throughput %.1fx; storage per node at r=2: %.1f%% of the mirror%n",
                    h.clients(), h.nodes(), h.p50Ratio(), h.p95Ratio(), h.p99Ratio(), h.throughputRatio(),
                    100 * h.storageFractionR2());
            r.notes().forEach(n -> System.out.println("note: " + n));
            return ExitCodes.OK;
        } finally {
            if (tempWork) {
                EvalHarness.deleteTree(workDir);
            }
        }
    }

    /** Refuses what would fail only after minutes of measuring: directories that are files, counts below 1. */
    private void checkArguments() {
        for (Path dir : new Path[] {out, work}) {
            if (dir != null && Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new CliError(ExitCodes.USAGE, (dir == out ? "--out " : "--work ") + dir + " is a file, not a directory");
            }
        }
        positive("--nodes", nodes);
        positive("--clients", clients);
        positive("--releases", releases);
        if (seconds != null && seconds < 1) {
            throw new CliError(ExitCodes.USAGE, "--duration must be at least 1 second, got " + seconds);
        }
    }

    private static void positive(String option, List<Integer> values) {
        if (values != null && values.stream().anyMatch(v -> v < 1)) {
            throw new CliError(ExitCodes.USAGE, option + " values must be at least 1, got " + values);
        }
    }

    /** Refreshes apt's lists as the set-up asks; the report says whether it worked. */
    private static String aptUpdate() throws InterruptedException {
        try {
            boolean root = "root".equals(System.getProperty("user.name"));
            ProcessBuilder pb = root ? new ProcessBuilder("apt-get", "update", "-qq")
                    : new ProcessBuilder("sudo", "-n", "apt-get", "update", "-qq");
            Process p = pb.redirectErrorStream(true).start();
            p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "apt-get update timed out; apt's lists as found";
            }
            return p.exitValue() == 0 ? "refreshed with apt-get update at the start of the run"
                    : "apt-get update failed (exit " + p.exitValue() + "); apt's lists as found";
        } catch (IOException e) {
            return "apt-get update not run (" + e.getMessage() + "); apt's lists as found";
        }
    }

    private static Path repoRoot() {
        String r = System.getenv("DPM_REPO_ROOT");
        if (r == null || r.isBlank()) {
            r = System.getProperty("dpm.repo.root");
        }
        if (r == null || r.isBlank() || !Files.isDirectory(Path.of(r))) {
            throw new CliError(ExitCodes.CONFIG, "cannot find the dpm checkout (for anvil and docs/): run dpm "
                    + "through bin/dpm, or set DPM_REPO_ROOT");
        }
        return Path.of(r);
    }
}
