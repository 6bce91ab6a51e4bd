package dev.dpm.cli.bench;

import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code dpm bench <area> ARGS...}: runs an area benchmark's {@code main} with ARGS unchanged (see that
 * class's Javadoc for its arguments). A bad argument is reported as a usage error.
 */
@Command(description = "Runs an area benchmark with its own arguments (passed through).")
final class PassThroughCommand implements Callable<Integer> {
    /** A benchmark entry point. */
    @FunctionalInterface
    interface Main {
        void main(String[] args) throws Exception;
    }

    private final String name;
    private final Main main;

    @Parameters(arity = "0..*", paramLabel = "ARG", description = "arguments of the benchmark")
    List<String> args = new ArrayList<>();

    PassThroughCommand(String name, Main main) {
        this.name = name;
        this.main = main;
    }

    @Override
    public Integer call() throws Exception {
        try {
            main.main(args.toArray(String[]::new));
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw new CliError(ExitCodes.USAGE, "dpm bench " + name + ": " + e.getMessage());
        }
        return ExitCodes.OK;
    }
}
