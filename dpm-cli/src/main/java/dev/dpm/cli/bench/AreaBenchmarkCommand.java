package dev.dpm.cli.bench;

import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code dpm bench <area> ...}: one area benchmark of dpm-bench, run through its {@code main}. The
 * subclasses declare the benchmark's arguments as typed picocli options, so that {@code --help} prints
 * them with what the benchmark measures, and a wrong argument (unknown, not a number, out of range, a
 * work directory that is a file) is a one-line usage error before anything starts. The validated
 * arguments are then handed to the benchmark's {@code main} in the form it parses.
 */
abstract class AreaBenchmarkCommand implements Callable<Integer> {
    /** A benchmark entry point (its {@code main}). */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    @Spec
    CommandSpec spec;

    private final Main main;

    AreaBenchmarkCommand(Main main) {
        this.main = main;
    }

    /**
     * The arguments for the benchmark's {@code main}, after checking them.
     *
     * @throws CliError with {@link ExitCodes#USAGE} (or {@link ExitCodes#CONFIG}) naming the bad argument
     */
    abstract List<String> benchmarkArgs();

    @Override
    public final Integer call() throws Exception {
        List<String> args = benchmarkArgs();
        try {
            main.main(args.toArray(String[]::new));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            // the benchmark's own argument check, in case it refuses something this command let through
            throw usage(e.getMessage());
        }
        return ExitCodes.OK;
    }

    /** A usage error naming this command. */
    final CliError usage(String message) {
        return new CliError(ExitCodes.USAGE, spec.qualifiedName().replaceFirst("^dpm ", "") + ": " + message + " (see `"
                + spec.qualifiedName() + " --help`)");
    }

    /** {@code value}, refused unless it is at least {@code min}. */
    final long atLeast(String what, long value, long min) {
        if (value < min) {
            throw usage(what + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    /** {@code dir} as a work directory: it may be absent (it is created) but not a file. */
    final String workDir(String what, Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw usage(what + " " + dir + " is a file, not a directory");
        }
        return dir.toString();
    }

    /** The dpm checkout: {@code given}, else $DPM_REPO_ROOT (set by bin/dpm) or -Ddpm.repo.root. */
    final String checkout(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) {
                throw usage("--repo " + given + " is not a directory (the dpm checkout)");
            }
            return given.toString();
        }
        String r = System.getenv("DPM_REPO_ROOT");
        if (r == null || r.isBlank()) {
            r = System.getProperty("dpm.repo.root");
        }
        if (r == null || r.isBlank() || !Files.isDirectory(Path.of(r))) {
            throw new CliError(ExitCodes.CONFIG, spec.qualifiedName().replaceFirst("^dpm ", "") + ": cannot find the dpm checkout (for anvil): "
                    + "pass --repo DIR, run dpm through bin/dpm, or set DPM_REPO_ROOT");
        }
        return r;
    }
}
