package dev.dpm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/**
 * {@code dpm bench AREA}: the arguments reach the benchmark's main only when they are valid; {@code --help}
 * prints the benchmark's usage instead of running it. The benchmarks here are recorders, never the real ones.
 */
class BenchCommandsTest {
    static final List<String> AREAS = List.of("content", "storage", "resolve", "pm", "chain");

    @TempDir
    Path tmp;

    /** What each area's main was called with (absent: not called). */
    final Map<String, List<String>> calls = new LinkedHashMap<>();
    String out;
    String err;

    @BeforeEach
    void noCallsYet() {
        calls.clear();
    }

    private AreaBenchmarkCommand.Main recorder(String area) {
        return args -> calls.put(area, List.of(args));
    }

    private int dpm(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand("bench", BenchCommands.benchCommand(recorder("content"), recorder("storage"),
                recorder("resolve"), recorder("pm"), recorder("chain")));
        Main.withErrorHandling(cli);
        CapturedRun r = CapturedRun.of(cli, args);
        out = r.out();
        err = r.err();
        return r.code();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "-h"})
    void helpPrintsEachBenchmarksUsageWithoutRunningIt(String help) {
        for (String area : AREAS) {
            assertThat(dpm("bench", area, help)).as(area).isEqualTo(ExitCodes.OK);
            assertThat(out).as(area).startsWith("Usage: dpm bench " + area);
            assertThat(err).as(area).isEmpty();
        }
        assertThat(calls).isEmpty();
    }

    @Test
    void helpSaysWhatEachBenchmarkMeasuresAndTakes() {
        dpm("bench", "storage", "--help");
        assertThat(out).contains("WORKDIR", "SIZE_MIB", "WHICH", "nginx", "download", "multi", "clients");
        dpm("bench", "content", "--help");
        assertThat(out).contains("--size=BYTES", "--runs=N", "--dir=DIR", "--profile=ID", "openssl");
        dpm("bench", "resolve", "--help");
        assertThat(out).contains("SYNTHETIC_N", "REPEATS", "--no-debian", "apt-get");
        dpm("bench", "pm", "--help");
        assertThat(out).contains("--dir=DIR", "--releases=N", "--deps=N", "--dep-bytes=BYTES", "--nodes=N");
        dpm("bench", "chain", "--help");
        assertThat(out).contains("--dir=DIR", "--n=N", "--in-flight=N");
    }

    @Test
    void validArgumentsReachTheBenchmarkInTheFormItParses() throws Exception {
        Path dir = tmp.resolve("work");
        assertThat(dpm("bench", "content", "--size", "1073741824", "--runs", "2", "--dir", dir.toString(),
                "--profile", "kubo-v1")).isEqualTo(ExitCodes.OK);
        assertThat(calls.get("content")).containsExactly("--size", "1073741824", "--runs", "2", "--dir",
                dir.toString(), "--profile", "kubo-v1");
        assertThat(dpm("bench", "storage", dir.toString(), "64", "download,clients")).isEqualTo(ExitCodes.OK);
        assertThat(calls.get("storage")).containsExactly(dir.toString(), "64", "download,clients");
        assertThat(dpm("bench", "storage")).isEqualTo(ExitCodes.OK);
        assertThat(calls.get("storage")).isEmpty();
        // the benchmark reads its numbers by position: --no-debian alone must not be taken for SYNTHETIC_N
        assertThat(dpm("bench", "resolve", "--no-debian")).isEqualTo(ExitCodes.OK);
        assertThat(calls.get("resolve")).containsExactly("10000", "30", "--no-debian");
        assertThat(dpm("bench", "chain", "--repo", tmp.toString(), "--dir", dir.toString(), "--n", "10"))
                .isEqualTo(ExitCodes.OK);
        assertThat(calls.get("chain")).containsExactly("--repo", tmp.toString(), "--dir", dir.toString(), "--n", "10");
        assertThat(dpm("bench", "pm", "--dir", dir.toString(), "--repo", tmp.toString(), "--releases", "100"))
                .isEqualTo(ExitCodes.OK);
        assertThat(calls.get("pm")).containsExactly("--repo", tmp.toString(), "--dir", dir.toString(),
                "--releases", "100");
    }

    @Test
    void aWrongArgumentIsAOneLineUsageErrorAndRunsNothing() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        String dir = tmp.resolve("work").toString();
        Map<List<String>, String> cases = new LinkedHashMap<>();
        cases.put(List.of("storage", dir, "abc"), "SIZE_MIB");
        cases.put(List.of("storage", dir, "0"), "SIZE_MIB must be at least 1");
        cases.put(List.of("storage", dir, "64", "dowload"), "unknown benchmark 'dowload'");
        cases.put(List.of("storage", file.toString()), "is a file");
        cases.put(List.of("storage", dir, "64", "download", "extra"), "'extra'");
        cases.put(List.of("content", "--size", "abc"), "'abc' is not a long");
        cases.put(List.of("content", "--size"), "--size");
        cases.put(List.of("content", "--runs", "0"), "--runs must be at least 1");
        cases.put(List.of("content", "--profile", "nope"), "unknown import profile 'nope'");
        cases.put(List.of("content", "--dir", file.toString()), "is a file");
        cases.put(List.of("content", "--bogus"), "--bogus");
        cases.put(List.of("resolve", "abc"), "SYNTHETIC_N");
        cases.put(List.of("resolve", "100", "0"), "REPEATS must be at least 1");
        cases.put(List.of("pm", "--releases", "5"), "--dir");
        cases.put(List.of("pm", "--dir", file.toString(), "--repo", tmp.toString()), "is a file");
        cases.put(List.of("pm", "--dir", dir, "--repo", file.toString()), "not a directory");
        cases.put(List.of("chain", "--dir", dir, "--repo", tmp.toString(), "--n", "0"), "--n must be at least 1");
        cases.put(List.of("chain", "--dir", dir, "--repo", tmp.toString(), "--in-flight", "x"), "--in-flight");
        cases.put(List.of("frob"), "'frob'");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new ArrayList<>(List.of("bench"));
            args.addAll(c.getKey());
            assertThat(dpm(args.toArray(String[]::new))).as("%s", args).isEqualTo(ExitCodes.USAGE);
            assertThat(err.strip()).as("%s", args).startsWith("dpm: ").contains(c.getValue()).doesNotContain("\n")
                    .doesNotContain("Exception");
        }
        assertThat(calls).isEmpty();
        assertThat(Files.readString(file)).isEqualTo("x");
    }

    @Test
    void aBenchmarkRefusingAnArgumentIsAUsageError() {
        CommandLine cli = new CommandLine(new Main());
        AreaBenchmarkCommand.Main refuses = args -> {
            throw new IllegalArgumentException("unknown argument " + args[0]);
        };
        cli.addSubcommand("bench", BenchCommands.benchCommand(refuses, refuses, refuses, refuses, refuses));
        Main.withErrorHandling(cli);
        StringWriter e = new StringWriter();
        cli.setErr(new PrintWriter(e));

        assertThat(cli.execute("bench", "resolve", "7")).isEqualTo(ExitCodes.USAGE);
        assertThat(e.toString().strip()).isEqualTo(
                "dpm: bench resolve: unknown argument 7 (see `dpm bench resolve --help`)");
    }
}
