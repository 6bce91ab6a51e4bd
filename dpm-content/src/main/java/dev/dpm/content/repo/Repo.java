package dev.dpm.content.repo;

import dev.dpm.content.BlockstoreException;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.DagWalker;
import dev.dpm.content.FileBlockstore;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.Multihash;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A local content repository: a {@link FileBlockstore} in {@code <dir>/blocks}, recursive pins
 * in {@code <dir>/pins}, garbage collection, statistics and verification.
 *
 * <p>A pin has holders: {@link #DIRECT} for what a user or publisher pinned ({@code dpm pin add},
 * {@code dpm add}, {@code dpm publish}), and one per install root that seeds an installed payload
 * ({@code seed:/abs/root}). A DAG stays pinned while any holder remains, so removing a package from
 * one root does not unpin what a publisher, or another root of the same home, still needs.
 *
 * <p>The pin file is versioned ({@code dpm-pins 2} then one {@code CID<TAB>HOLDER} per line; a
 * version-1 file, one CID per line, reads as direct pins) and replaced crash-safely (temporary
 * file, fsync, atomic rename). Pin changes and GC take an exclusive file lock
 * ({@code <dir>/repo.lock}) so two processes cannot interleave them. Methods are thread-safe
 * within a process.
 */
public final class Repo {
    private static final String PIN_HEADER_V1 = "dpm-pins 1";
    private static final String PIN_HEADER = "dpm-pins 2";
    /** The holder of pins made by a user or publisher. */
    public static final String DIRECT = "direct";

    private final Path dir;
    private final FileBlockstore blocks;
    private final Path pinFile;

    private Repo(Path dir, FileBlockstore blocks) {
        this.dir = dir;
        this.blocks = blocks;
        this.pinFile = dir.resolve("pins");
    }

    /** Opens (creating) the repo in {@code dir}. */
    public static Repo open(Path dir) throws BlockstoreException {
        return new Repo(dir, FileBlockstore.open(dir.resolve("blocks")));
    }

    public Path dir() {
        return dir;
    }

    public FileBlockstore blockstore() {
        return blocks;
    }

    /** The recursive pins (every CID with at least one holder), in the order they were added. */
    public synchronized List<Cid> pins() throws ContentException {
        return List.copyOf(holders().keySet());
    }

    /** Each pinned CID with its holders ({@link #DIRECT}, {@code seed:ROOT}), in the order they were added. */
    public synchronized Map<Cid, Set<String>> holders() throws ContentException {
        Map<Cid, Set<String>> out = new LinkedHashMap<>();
        if (!Files.exists(pinFile)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pinFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BlockstoreException(pinFile, "cannot read pins", e);
        }
        boolean v1 = !lines.isEmpty() && lines.get(0).equals(PIN_HEADER_V1);
        if (lines.isEmpty() || !(v1 || lines.get(0).equals(PIN_HEADER))) {
            throw new BlockstoreException(pinFile, "unsupported pin file format in",
                    new IOException("expected first line '" + PIN_HEADER + "'"));
        }
        for (String l : lines.subList(1, lines.size())) {
            if (l.isBlank()) {
                continue;
            }
            int tab = l.indexOf('\t');
            String cid = v1 || tab < 0 ? l.trim() : l.substring(0, tab).trim();
            String holder = v1 || tab < 0 ? DIRECT : l.substring(tab + 1);
            try {
                out.computeIfAbsent(Cid.parse(cid), k -> new LinkedHashSet<>()).add(holder);
            } catch (InvalidCidException e) {
                throw new BlockstoreException(pinFile, "corrupt pin file", new IOException(e.getMessage()));
            }
        }
        return out;
    }

    /**
     * Pins {@code root} recursively for {@link #DIRECT}. The whole DAG must be present.
     *
     * @return false if it was already pinned directly
     * @throws dev.dpm.content.MissingBlockException naming the first absent block
     */
    public boolean pin(Cid root) throws ContentException {
        return pin(root, DIRECT);
    }

    /**
     * Pins {@code root} recursively for {@code holder} (no tab or line break in it). The whole DAG
     * must be present.
     *
     * @return false if {@code holder} held it already
     * @throws dev.dpm.content.MissingBlockException naming the first absent block
     */
    public synchronized boolean pin(Cid root, String holder) throws ContentException {
        checkHolder(holder);
        RepoLock lock = lock();
        try {
            // Under the lock: checked before it, a GC in another process could delete the DAG
            // between the check and the write, and the pin would name blocks that are gone.
            DagWalker.walk(blocks, root, (cid, block) -> { });
            Map<Cid, Set<String>> pins = holders();
            if (!pins.computeIfAbsent(root, k -> new LinkedHashSet<>()).add(holder)) {
                return false;
            }
            writePins(pins);
            return true;
        } finally {
            lock.close();
        }
    }

    /** Removes the {@link #DIRECT} pin; false if there was none. Blocks stay until {@link #gc}. */
    public boolean unpin(Cid root) throws ContentException {
        return unpin(root, DIRECT);
    }

    /**
     * Removes {@code holder}'s pin of {@code root}; false if it held none. The DAG stays pinned while
     * another holder remains; unpinned blocks stay until {@link #gc}.
     */
    public synchronized boolean unpin(Cid root, String holder) throws ContentException {
        RepoLock lock = lock();
        try {
            Map<Cid, Set<String>> pins = holders();
            Set<String> of = pins.get(root);
            if (of == null || !of.remove(holder)) {
                return false;
            }
            if (of.isEmpty()) {
                pins.remove(root);
            }
            writePins(pins);
            return true;
        } finally {
            lock.close();
        }
    }

    private static void checkHolder(String holder) {
        if (holder.isEmpty() || holder.indexOf('\t') >= 0 || holder.indexOf('\n') >= 0 || holder.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("a pin holder is one line without tabs: '" + holder + "'");
        }
    }

    /** Deletes every block not reachable from a pin (blocks missing under a pin are tolerated). */
    public synchronized GcResult gc() throws ContentException {
        RepoLock lock = lock();
        try {
            Set<Multihash> live = reachable(null);
            long n = 0;
            long bytes = 0;
            for (Cid cid : blocks.allCids()) {
                if (!live.contains(cid.multihash())) {
                    long size = blocks.size(cid);
                    if (blocks.delete(cid)) {
                        n++;
                        bytes += Math.max(size, 0);
                    }
                }
            }
            return new GcResult(n, bytes);
        } finally {
            lock.close();
        }
    }

    /** Blocks, bytes, and how much of it is pinned. */
    public synchronized RepoStats stat() throws ContentException {
        var all = blocks.stat();
        long[] pinnedBytes = new long[1];
        Set<Multihash> live = reachable(pinnedBytes);
        return new RepoStats(all.blocks(), all.bytes(), live.size(), pinnedBytes[0], pins().size());
    }

    /** Re-hashes every stored block and reports the ones whose content does not match. */
    public VerifyReport verify() throws ContentException {
        List<Cid> bad = new ArrayList<>();
        long checked = 0;
        for (Cid cid : blocks.allCids()) {
            Optional<byte[]> b = blocks.get(cid);
            if (b.isEmpty()) {
                continue; // deleted concurrently
            }
            checked++;
            if (!cid.matches(b.get())) {
                bad.add(cid);
            }
        }
        return new VerifyReport(checked, bad);
    }

    private Set<Multihash> reachable(long[] bytes) throws ContentException {
        Set<Multihash> live = new HashSet<>();
        for (Cid pin : pins()) {
            List<Cid> stack = new ArrayList<>(List.of(pin));
            while (!stack.isEmpty()) {
                Cid cid = stack.remove(stack.size() - 1);
                if (cid.isIdentity() || !live.add(cid.multihash())) {
                    continue;
                }
                Optional<byte[]> b = blocks.get(cid);
                if (b.isEmpty()) {
                    live.remove(cid.multihash());
                    continue;
                }
                if (bytes != null) {
                    bytes[0] += b.get().length;
                }
                stack.addAll(DagWalker.links(cid, b.get()));
            }
        }
        return live;
    }

    /** An exclusive lock on the repo across processes; closing the channel releases it. */
    private record RepoLock(Path file, FileChannel channel) implements AutoCloseable {
        @Override
        public void close() throws BlockstoreException {
            try {
                channel.close();
            } catch (IOException e) {
                throw new BlockstoreException(file, "cannot unlock repo", e);
            }
        }
    }

    private RepoLock lock() throws BlockstoreException {
        Path lockFile = dir.resolve("repo.lock");
        try {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                ch.lock();
                return new RepoLock(lockFile, ch);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw new BlockstoreException(lockFile, "cannot lock repo", e);
        }
    }

    private void writePins(Map<Cid, Set<String>> pins) throws BlockstoreException {
        StringBuilder sb = new StringBuilder(PIN_HEADER).append('\n');
        for (Map.Entry<Cid, Set<String>> e : pins.entrySet()) {
            for (String holder : e.getValue()) {
                sb.append(e.getKey()).append('\t').append(holder).append('\n');
            }
        }
        Path tmp = dir.resolve("pins.tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            Files.move(tmp, pinFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new BlockstoreException(pinFile, "cannot write pins", e);
        }
    }
}
