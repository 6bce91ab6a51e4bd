package dev.dpm.cli.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** Where the local node keeps its run-time files under the dpm home: pid, URL, log, key, blacklist. */
record NodeFiles(Path home) {
    Path pid() {
        return home.resolve("node.pid");
    }

    Path url() {
        return home.resolve("node.url");
    }

    Path log() {
        return home.resolve("node.log");
    }

    Path key() {
        return home.resolve("node.key");
    }

    Path blacklist() {
        return home.resolve("blacklist.json");
    }

    /** The pid of a running node, if the pid file names a live process. */
    Optional<ProcessHandle> running() throws IOException {
        Optional<String> text = read(pid());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return ProcessHandle.of(Long.parseLong(text.get().trim())).filter(ProcessHandle::isAlive)
                    .filter(NodeFiles::mayBeNode);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * False when the process is known to be something other than a dpm node: a pid file left by a node that
     * died, whose pid the system gave to another program since. {@code dpm node stop} must never signal that
     * program, nor {@code start} refuse because of it. When the system does not say (no command line), the
     * file is trusted.
     */
    static boolean mayBeNode(ProcessHandle p) {
        Optional<String[]> args = p.info().arguments();
        if (args.isEmpty()) {
            return p.info().commandLine().map(c -> c.contains("node") && c.contains("run")).orElse(true);
        }
        java.util.List<String> a = java.util.List.of(args.get());
        int node = a.indexOf("node");
        return node >= 0 && node + 1 < a.size() && a.get(node + 1).equals("run");
    }

    static Optional<String> read(Path f) throws IOException {
        try {
            return Optional.of(Files.readString(f, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Replaces {@code f} crash-safely (temp file, fsync, atomic rename). */
    static void write(Path f, String text) throws IOException {
        Files.createDirectories(f.toAbsolutePath().getParent());
        Path tmp = Files.createTempFile(f.toAbsolutePath().getParent(), "." + f.getFileName(), ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
