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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A local content repository: a {@link FileBlockstore} in {@code <dir>/blocks}, recursive pins
 * in {@code <dir>/pins}, garbage collection, statistics and verification.
 *
 * <p>The pin file is versioned ({@code dpm-pins 1} then one CID per line) and replaced
 * crash-safely (temporary file, fsync, atomic rename). Pin changes and GC take an exclusive file
 * lock ({@code <dir>/repo.lock}) so two processes cannot interleave them. Methods are
 * thread-safe within a process.
 */
public final class Repo {
    private static final String PIN_HEADER = "dpm-pins 1";

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

    /** The recursive pins, in the order they were added. */
    public synchronized List<Cid> pins() throws ContentException {
        if (!Files.exists(pinFile)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(pinFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BlockstoreException(pinFile, "cannot read pins", e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(PIN_HEADER)) {
            throw new BlockstoreException(pinFile, "unsupported pin file format in",
                    new IOException("expected first line '" + PIN_HEADER + "'"));
        }
        List<Cid> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) {
            if (!l.isBlank()) {
                try {
                    out.add(Cid.parse(l.trim()));
                } catch (InvalidCidException e) {
                    throw new BlockstoreException(pinFile, "corrupt pin file", new IOException(e.getMessage()));
                }
            }
        }
        return out;
    }

    /**
     * Pins {@code root} recursively. The whole DAG must be present.
     *
     * @return false if it was already pinned
     * @throws dev.dpm.content.MissingBlockException naming the first absent block
     */
    public synchronized boolean pin(Cid root) throws ContentException {
        RepoLock lock = lock();
        try {
            // Under the lock: checked before it, a GC in another process could delete the DAG
            // between the check and the write, and the pin would name blocks that are gone.
            DagWalker.walk(blocks, root, (cid, block) -> { });
            Set<Cid> pins = new LinkedHashSet<>(pins());
            if (!pins.add(root)) {
                return false;
            }
            writePins(pins);
            return true;
        } finally {
            lock.close();
        }
    }

    /** Removes a pin; returns false if {@code root} was not pinned. Blocks stay until {@link #gc}. */
    public synchronized boolean unpin(Cid root) throws ContentException {
        RepoLock lock = lock();
        try {
            Set<Cid> pins = new LinkedHashSet<>(pins());
            if (!pins.remove(root)) {
                return false;
            }
            writePins(pins);
            return true;
        } finally {
            lock.close();
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

    private void writePins(Set<Cid> pins) throws BlockstoreException {
        StringBuilder sb = new StringBuilder(PIN_HEADER).append('\n');
        for (Cid c : pins) {
            sb.append(c).append('\n');
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
