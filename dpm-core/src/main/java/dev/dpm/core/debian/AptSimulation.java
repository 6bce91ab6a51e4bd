package dev.dpm.core.debian;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * apt's answer for an empty system, used as the reference in comparisons and benchmarks: runs
 * {@code apt-get -s install TARGET} (simulation only — never a real install) with an isolated
 * {@code APT_CONFIG} whose dpkg status is an empty file, whose cache lives in a scratch directory, with
 * Recommends off (dpm does not resolve Recommends) and only the host architecture. The system's package
 * lists are read, never written.
 */
public final class AptSimulation {
    private static final Pattern INST = Pattern.compile("^Inst (\\S+) (?:\\[\\S+\\] )?\\((\\S+) ");

    private final Path configFile;

    /** apt's answer: package → version in apt's order, and the wall time of the apt-get process. */
    public record Answer(Map<String, String> installs, long wallNanos) {
    }

    private AptSimulation(Path configFile) {
        this.configFile = configFile;
    }

    /**
     * Writes the isolated configuration into {@code scratch} (which must be writable and private).
     *
     * @param listsDir apt's lists directory, normally {@code /var/lib/apt/lists}
     */
    public static AptSimulation create(Path scratch, Path listsDir, String arch) throws IOException {
        Files.createDirectories(scratch);
        Path status = scratch.resolve("status");
        Files.writeString(status, "");
        Path cache = scratch.resolve("cache");
        Files.createDirectories(cache.resolve("archives/partial"));
        Path config = scratch.resolve("apt.conf");
        Files.writeString(config, String.join("\n",
                "Dir::State::status \"" + status + "\";",
                "Dir::State::extended_states \"" + scratch.resolve("extended_states") + "\";",
                "Dir::State::Lists \"" + listsDir.toAbsolutePath() + "/\";",
                "Dir::Cache \"" + cache + "/\";",
                "Debug::NoLocking \"true\";",
                "APT::Get::Simulate \"true\";",
                "APT::Install-Recommends \"false\";",
                "APT::Install-Suggests \"false\";",
                "APT::Architecture \"" + arch + "\";",
                "APT::Architectures { \"" + arch + "\"; };",
                ""));
        return new AptSimulation(config);
    }

    /** Whether {@code apt-get} can be run here. */
    public static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/apt-get"));
    }

    /**
     * Runs the simulation for the targets.
     *
     * @throws IOException when apt-get fails (its output is in the message)
     */
    public Answer install(String... targets) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("apt-get", "-s", "-q", "install"));
        cmd.addAll(List.of(targets));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("APT_CONFIG", configFile.toString());
        pb.environment().put("LC_ALL", "C");
        long start = System.nanoTime();
        // output to a file, not a pipe: reading a pipe to its end would wait for ever (uninterruptibly) on
        // a hung apt-get, and the bounded wait below would never be reached
        Path log = configFile.resolveSibling("apt-get.out");
        Process p = pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                throw new IOException("apt-get -s did not finish within 120 s");
            }
        } finally {
            if (p.isAlive()) { // timed out or interrupted
                p.destroyForcibly();
            }
        }
        String out = new String(Files.readAllBytes(log), StandardCharsets.UTF_8);
        long wall = System.nanoTime() - start;
        if (p.exitValue() != 0) {
            throw new IOException("apt-get -s install " + String.join(" ", targets) + " exited with "
                    + p.exitValue() + ":\n" + out);
        }
        Map<String, String> installs = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            Matcher m = INST.matcher(line);
            if (m.find()) {
                String name = m.group(1);
                int colon = name.indexOf(':');
                installs.put(colon < 0 ? name : name.substring(0, colon), m.group(2));
            }
        }
        return new Answer(installs, wall);
    }
}
