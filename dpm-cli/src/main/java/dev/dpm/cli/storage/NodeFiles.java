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
                    .filter(this::mayBeNode);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * False when the process started after the pid file was written: the node that wrote it died and the
     * system gave its pid to another program since. {@code dpm node stop} must never signal that program, nor
     * {@code start} refuse because of it. (The node writes the file once it listens, so it started before; a
     * second of slack covers the coarse clocks of process start times.) When the system does not say when the
     * process started, the file is trusted.
     */
    private boolean mayBeNode(ProcessHandle p) {
        Optional<java.time.Instant> started = p.info().startInstant();
        if (started.isEmpty()) {
            return true;
        }
        try {
            return !started.get().isAfter(Files.getLastModifiedTime(pid()).toInstant().plusSeconds(1));
        } catch (IOException e) {
            return true;
        }
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
