package dev.dpm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.ExitCodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PassThroughCommandTest {

    @Test
    void handsOptionsAndValuesToTheBenchmarkInTheOrderGiven() {
        List<String> seen = new ArrayList<>();
        CommandLine cli = BenchCommands.passThrough("content", args -> seen.addAll(List.of(args)));

        int exit = cli.execute("--size", "1073741824", "--runs", "2", "--dir", "/tmp/x");

        assertThat(exit).isEqualTo(ExitCodes.OK);
        assertThat(seen).containsExactly("--size", "1073741824", "--runs", "2", "--dir", "/tmp/x");
    }

    @Test
    void aBenchmarkRefusingAnArgumentIsAUsageError() {
        CommandLine cli = BenchCommands.passThrough("content", args -> {
            throw new IllegalArgumentException("unknown argument " + args[0]);
        });
        cli.setExecutionExceptionHandler((ex, c, parsed) -> ex instanceof dev.dpm.cli.CliError e ? e.exitCode() : 70);

        assertThat(cli.execute("--bogus")).isEqualTo(ExitCodes.USAGE);
    }
}
