package dev.dpm.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Peers that misbehaved, with the reason and an expiry (the paper's algorithm 2 keeps such peers out
 * of later transfers). Persisted as a small versioned JSON file (typically
 * {@code $DPM_HOME/blacklist.json}); every change rewrites it crash-safely (temp file, fsync,
 * atomic rename), so a crash leaves either the old or the new list. Expired entries are ignored and
 * dropped at the next write. Thread-safe.
 */
public final class Blacklist {
    /** Format version written to, and required from, the file. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file; // null: in memory only
    private final Clock clock;
    private final Map<Peer, BlacklistEntry> entries = new LinkedHashMap<>();
    private boolean unsaved; // guarded by this

    private Blacklist(Path file, Clock clock) {
        this.file = file;
        this.clock = clock;
    }

    /** A blacklist that is not persisted (tests, one-off fetches). */
    public static Blacklist inMemory(Clock clock) {
        return new Blacklist(null, clock);
    }

    /**
     * Opens (or starts) the blacklist stored in {@code file}.
     *
     * @throws StorageException naming the file when it exists but cannot be read or is not a
     *                          blacklist of a known version
     */
    public static Blacklist open(Path file, Clock clock) throws StorageException {
        Blacklist b = new Blacklist(file, clock);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return b;
        } catch (IOException e) {
            throw new StorageException("cannot read blacklist " + file + ": " + e.getMessage(), e);
        }
        if (root == null || root.path("version").asInt(-1) != FORMAT_VERSION || !root.path("entries").isArray()) {
            throw new StorageException("blacklist " + file + " is not a version " + FORMAT_VERSION
                    + " blacklist (remove it to start afresh)");
        }
        try {
            for (JsonNode e : root.path("entries")) {
                Peer peer = Peer.parse(e.path("peer").asText());
                b.entries.put(peer, new BlacklistEntry(peer, PeerFault.valueOf(e.path("fault").asText()),
                        e.path("reason").asText(), Instant.parse(e.path("since").asText()),
                        Instant.parse(e.path("until").asText())));
            }
        } catch (RuntimeException e) {
            throw new StorageException("blacklist " + file + " has a malformed entry: " + e.getMessage(), e);
        }
        return b;
    }

    /**
     * Blacklists {@code peer} for {@code duration} (replacing an earlier entry) and persists the list.
     *
     * @throws StorageException naming the file when it cannot be written; the entry still holds in
     *                          memory for this process
     */
    public BlacklistEntry add(Peer peer, PeerFault fault, String reason, Duration duration) throws StorageException {
        Instant now = clock.instant();
        BlacklistEntry entry = new BlacklistEntry(peer, fault, reason, now, now.plus(duration));
        synchronized (this) {
            entries.put(peer, entry);
            persist();
        }
        return entry;
    }

    /**
     * Blacklists {@code peer} in memory only; {@link #save()} writes it. For threads that may be
     * interrupted at any moment (a fetch's workers): the file is then written by the thread that
     * waited for them.
     */
    public BlacklistEntry record(Peer peer, PeerFault fault, String reason, Duration duration) {
        Instant now = clock.instant();
        BlacklistEntry entry = new BlacklistEntry(peer, fault, reason, now, now.plus(duration));
        synchronized (this) {
            entries.put(peer, entry);
            unsaved = true;
        }
        return entry;
    }

    /**
     * Writes the entries {@link #record recorded} since the last write; does nothing when there are
     * none.
     *
     * @throws StorageException naming the file when it cannot be written; the entries still hold in
     *                          memory for this process
     */
    public synchronized void save() throws StorageException {
        if (unsaved) {
            persist();
        }
    }

    /** Lifts a peer's entry; returns false if it had none. */
    public synchronized boolean remove(Peer peer) throws StorageException {
        boolean had = entries.remove(peer) != null;
        if (had) {
            persist();
        }
        return had;
    }

    /** True if the peer has an entry that has not expired. */
    public synchronized boolean contains(Peer peer) {
        BlacklistEntry e = entries.get(peer);
        return e != null && e.activeAt(clock.instant());
    }

    /** The peer's unexpired entry, if any. */
    public synchronized Optional<BlacklistEntry> entry(Peer peer) {
        BlacklistEntry e = entries.get(peer);
        return e != null && e.activeAt(clock.instant()) ? Optional.of(e) : Optional.empty();
    }

    /** Unexpired entries, oldest first. */
    public synchronized List<BlacklistEntry> entries() {
        Instant now = clock.instant();
        List<BlacklistEntry> out = new ArrayList<>();
        for (BlacklistEntry e : entries.values()) {
            if (e.activeAt(now)) {
                out.add(e);
            }
        }
        return out;
    }

    /**
     * Writes the file. An interrupt must not lose a ban (a {@code FileChannel} write closes on
     * interrupt, {@code ClosedByInterruptException}): the write is retried with the interrupt status
     * cleared, and the status is restored afterwards.
     */
    private void persist() throws StorageException {
        if (file == null) {
            unsaved = false;
            return;
        }
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    write();
                    unsaved = false;
                    return;
                } catch (ClosedByInterruptException e) {
                    interrupted |= Thread.interrupted();
                    if (attempt == 3) {
                        throw new StorageException("cannot write blacklist " + file + ": interrupted", e);
                    }
                } catch (IOException e) {
                    throw new StorageException("cannot write blacklist " + file + ": " + e.getMessage(), e);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void write() throws IOException {
        Instant now = clock.instant();
        entries.values().removeIf(e -> !e.activeAt(now));
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode list = root.putArray("entries");
        for (BlacklistEntry e : entries.values()) {
            list.addObject().put("peer", e.peer().toString()).put("fault", e.fault().name())
                    .put("reason", e.reason()).put("since", e.since().toString()).put("until", e.until().toString());
        }
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, ".blacklist", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // make the rename itself durable
        }
    }
}
