package dev.dpm.storage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.FileLockInterruptionException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Peers that misbehaved, with the reason and an expiry (the paper's algorithm 2 keeps such peers out
 * of later transfers). Persisted as a small versioned JSON file (typically
 * {@code $DPM_HOME/blacklist.json}); every change rewrites it crash-safely (temp file, fsync,
 * atomic rename), so a crash leaves either the old or the new list. Expired entries are ignored and
 * dropped at the next write. Thread-safe.
 *
 * <p>Several processes may share the file (two installs at once on one home): a write takes an OS
 * lock on the sibling file {@code <name>.lock}, re-reads the file and applies only this instance's
 * changes since its last write (bans recorded, bans lifted) to what it found, so no process loses
 * another's bans or brings back one another lifted. A peer banned by both keeps the ban that
 * expires later. After a write this instance also sees the other processes' bans.
 */
public final class Blacklist {
    /** Format version written to, and required from, the file. */
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One monitor per file in this JVM: an OS file lock is held per process, not per thread. */
    private static final Map<Path, Object> WRITERS = new ConcurrentHashMap<>();

    private final Path file; // null: in memory only
    private final Clock clock;
    /** What this instance knows: the file as last read or written, with its own changes since. */
    private final Map<Peer, BlacklistEntry> entries = new LinkedHashMap<>(); // guarded by this
    /** Bans recorded by this instance and not yet written. */
    private final Map<Peer, BlacklistEntry> recorded = new LinkedHashMap<>(); // guarded by this
    /** Peers whose ban this instance lifted and has not yet written. */
    private final Set<Peer> lifted = new HashSet<>(); // guarded by this
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
        try {
            b.entries.putAll(read(file));
        } catch (IOException e) {
            throw new StorageException("cannot read blacklist " + file + ": " + e.getMessage(), e);
        }
        return b;
    }

    /** The entries in {@code file}, none if it does not exist. */
    private static Map<Peer, BlacklistEntry> read(Path file) throws IOException, StorageException {
        Map<Peer, BlacklistEntry> out = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return out;
        }
        if (root == null || root.path("version").asInt(-1) != FORMAT_VERSION || !root.path("entries").isArray()) {
            throw new StorageException("blacklist " + file + " is not a version " + FORMAT_VERSION
                    + " blacklist (remove it to start afresh)");
        }
        try {
            for (JsonNode e : root.path("entries")) {
                Peer peer = Peer.parse(e.path("peer").asText());
                out.put(peer, new BlacklistEntry(peer, PeerFault.valueOf(e.path("fault").asText()),
                        e.path("reason").asText(), Instant.parse(e.path("since").asText()),
                        Instant.parse(e.path("until").asText())));
            }
        } catch (RuntimeException e) {
            throw new StorageException("blacklist " + file + " has a malformed entry: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Blacklists {@code peer} for {@code duration} and persists the list. An earlier entry is replaced,
     * unless it expires later (in the file, another process may have banned the peer for longer).
     *
     * @throws StorageException naming the file when it cannot be written; the entry still holds in
     *                          memory for this process
     */
    public BlacklistEntry add(Peer peer, PeerFault fault, String reason, Duration duration) throws StorageException {
        Instant now = clock.instant();
        BlacklistEntry entry = new BlacklistEntry(peer, fault, reason, now, now.plus(duration));
        synchronized (this) {
            put(entry);
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
            put(entry);
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

    private void put(BlacklistEntry entry) {
        entries.put(entry.peer(), entry);
        recorded.put(entry.peer(), entry);
        lifted.remove(entry.peer());
        unsaved = true;
    }

    /**
     * Lifts a peer's entry, also when another process wrote it after this instance read the file;
     * returns false if it had none.
     */
    public synchronized boolean remove(Peer peer) throws StorageException {
        boolean had = entries.remove(peer) != null;
        recorded.remove(peer);
        if (file == null) {
            return had;
        }
        lifted.add(peer);
        unsaved = true;
        return persist() | had;
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
     * cleared, and the status is restored afterwards. Returns whether the file had a ban this
     * instance lifted.
     */
    private boolean persist() throws StorageException {
        if (file == null) {
            recorded.clear();
            lifted.clear();
            unsaved = false;
            return false;
        }
        boolean interrupted = Thread.interrupted();
        try {
            for (int attempt = 1;; attempt++) {
                try {
                    boolean liftedFromFile = write();
                    recorded.clear();
                    lifted.clear();
                    unsaved = false;
                    return liftedFromFile;
                } catch (ClosedByInterruptException | FileLockInterruptionException e) {
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

    /**
     * Under the lock (this JVM's monitor for the file, then the OS lock for other processes):
     * re-reads the file, applies this instance's changes to it, writes it, and takes the result
     * as this instance's view.
     */
    private boolean write() throws IOException, StorageException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve(file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            // keyed by the real path: two names of one file must share the monitor, or the second
            // lock() would throw OverlappingFileLockException instead of waiting
            synchronized (WRITERS.computeIfAbsent(lockFile.toRealPath(), k -> new Object())) {
                FileLock held = channel.lock(); // other processes wait here
                try {
                    Map<Peer, BlacklistEntry> merged = read(file);
                    boolean liftedFromFile = merged.keySet().removeAll(lifted);
                    for (BlacklistEntry e : recorded.values()) {
                        merged.merge(e.peer(), e, Blacklist::later);
                    }
                    Instant now = clock.instant();
                    boolean expired = merged.values().removeIf(e -> !e.activeAt(now));
                    List<BlacklistEntry> ordered = new ArrayList<>(merged.values());
                    ordered.sort(Comparator.comparing(BlacklistEntry::since)); // oldest first
                    if (liftedFromFile || expired || !recorded.isEmpty()) { // else the file is as it should be
                        writeAtomically(dir, ordered);
                    }
                    entries.clear();
                    for (BlacklistEntry e : ordered) {
                        entries.put(e.peer(), e);
                    }
                    return liftedFromFile;
                } finally {
                    if (held.isValid()) { // closing the channel releases it too
                        held.release();
                    }
                }
            }
        }
    }

    /** Of two bans of one peer, the one that lasts longer (on a tie, the newer). */
    private static BlacklistEntry later(BlacklistEntry a, BlacklistEntry b) {
        int c = a.until().compareTo(b.until());
        if (c == 0) {
            c = a.since().compareTo(b.since());
        }
        return c >= 0 ? a : b;
    }

    private void writeAtomically(Path dir, List<BlacklistEntry> list) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", FORMAT_VERSION);
        ArrayNode array = root.putArray("entries");
        for (BlacklistEntry e : list) {
            array.addObject().put("peer", e.peer().toString()).put("fault", e.fault().name())
                    .put("reason", e.reason()).put("since", e.since().toString()).put("until", e.until().toString());
        }
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
