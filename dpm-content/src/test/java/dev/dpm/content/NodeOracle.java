package dev.dpm.content;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the npm reference tools (node scripts under src/test/resources/oracle, ipfs-car) for the
 * integration tests. Every process is waited for or destroyed.
 */
public final class NodeOracle {
    private NodeOracle() {
    }

    public static Path repoRoot() {
        String root = System.getProperty("dpm.repo.root");
        if (root == null) {
            throw new IllegalStateException("system property dpm.repo.root is not set (run through Maven)");
        }
        return Path.of(root);
    }

    public static Path ipfsCar() {
        return repoRoot().resolve("node_modules/.bin/ipfs-car");
    }

    /** Result of a process: exit code and combined output. */
    public record Result(int exit, String output) {
    }

    public static Result run(Path workDir, List<String> command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        Path out = Files.createTempFile(workDir, "oracle", ".out");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                throw new IOException("timed out: " + command);
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
        }
    }

    /** Imports with ipfs-unixfs-importer; returns one "spec cid size" line per spec. */
    public static List<String[]> importWithReference(Path workDir, String profile, boolean mode, List<String> specs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("node",
                repoRoot().resolve("dpm-content/src/test/resources/oracle/import.mjs").toString(), profile));
        if (mode) {
            cmd.add("--mode");
        }
        cmd.addAll(specs);
        Result r = run(workDir, cmd);
        if (r.exit() != 0) {
            throw new IOException("reference importer failed: " + r.output());
        }
        List<String[]> rows = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            if (!line.isBlank()) {
                rows.add(line.split(" ", 3));
            }
        }
        if (rows.size() != specs.size()) {
            throw new IOException("reference importer printed " + rows.size() + " lines for " + specs.size() + ": " + r.output());
        }
        return rows;
    }
}
