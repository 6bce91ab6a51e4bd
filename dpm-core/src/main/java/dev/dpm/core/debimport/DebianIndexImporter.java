package dev.dpm.core.debimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.NewRelease;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.registry.RegistryEvent;
import dev.dpm.chain.registry.RegistryEvents;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.registry.ReleaseRecord;
import dev.dpm.chain.rpc.ChainReader;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.tx.TransactionRevertedException;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.core.debian.DebianIndexException;
import dev.dpm.core.debian.PackagesIndex;
import dev.dpm.core.manifest.Manifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Publishes the metadata of a whole Debian {@code Packages} index into the registry: one metadata-only
 * release per stanza (payload null; {@link Manifest#originInfo()} carries Filename, SHA256 and Size, so
 * the {@code .deb} can be fetched and checked when it is actually installed), sent with the registry's
 * batch call, in index order.
 *
 * <p><b>Resumable.</b> After every confirmed batch the position in the index and the block of the
 * batch's last receipt are written to a checkpoint file (crash-safe: temp file, fsync, rename). A new
 * run trusts the checkpoint only after checking on chain that the last checkpointed release is there
 * with the same manifest; it then reads the registry's events from the checkpointed block on (a full
 * scan from {@code fromBlock} without a trusted checkpoint) to find releases an interrupted run had
 * already sent. Those, and releases someone else published with the same manifest, are skipped; one
 * bound to another manifest is reported and skipped. A batch the registry refuses because a release
 * appeared in the meantime is re-checked release by release and sent again once.
 *
 * <p>Releases the registry cannot hold (name or version above 64 characters, manifest above 64 KiB)
 * are reported and skipped. Not thread-safe; one run at a time per checkpoint file.
 */
public final class DebianIndexImporter {
    /** The registry's limits (contracts/Registry.sol). */
    static final int MAX_NAME = 64;
    static final int MAX_VERSION = 64;
    static final int MAX_MANIFEST_BYTES = 65536;
    private static final int CHECKPOINT_FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path index;
    private final String origin;
    private final RegistryWriter writer;
    private final ChainReader chain;
    private final long fromBlock;
    private final Path checkpoint;
    private final int batchSize;
    private final int limit;
    private final IndexImportListener listener;

    private DebianIndexImporter(Builder b) {
        this.index = b.index;
        this.origin = b.origin;
        this.writer = b.writer;
        this.chain = b.chain;
        this.fromBlock = b.fromBlock;
        this.checkpoint = b.checkpoint;
        this.batchSize = b.batchSize;
        this.limit = b.limit;
        this.listener = b.listener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** One release of the index, in index order. */
    private record Item(String name, String version, byte[] manifest, byte[] cid) {
        String id() {
            return name + "@" + version;
        }
    }

    /**
     * Runs (or resumes) the import.
     *
     * @throws DebianIndexException when the index cannot be read (names file and line)
     * @throws IndexImportException when the chain fails or refuses, or the checkpoint cannot be written
     * @throws InterruptedException when interrupted; batches confirmed so far stay checkpointed
     */
    public IndexImportResult run() throws DebianIndexException, IndexImportException, InterruptedException {
        long start = System.nanoTime();
        int[] stanzas = {0};
        Map<String, Item> byId = new LinkedHashMap<>();
        List<Item> tooLarge = new ArrayList<>();
        PackagesIndex.read(index, origin, m -> {
            if (limit > 0 && stanzas[0] >= limit) {
                return;
            }
            stanzas[0]++;
            byte[] bytes = m.toCanonicalBytes();
            Item it = new Item(m.name(), m.version().toString(), bytes, ManifestCid.of(bytes));
            if (it.name.length() > MAX_NAME || it.version.length() > MAX_VERSION || bytes.length > MAX_MANIFEST_BYTES) {
                tooLarge.add(it);
            } else {
                byId.putIfAbsent(it.id(), it);
            }
        });
        List<Item> all = new ArrayList<>(byId.values());
        listener.loaded(stanzas[0], all.size() + tooLarge.size(), (System.nanoTime() - start) / 1_000_000);
        for (Item it : tooLarge) {
            listener.skipped(it.id(), it.name.length() > MAX_NAME ? "name longer than the registry's " + MAX_NAME
                    + " characters" : it.version.length() > MAX_VERSION ? "version longer than the registry's "
                    + MAX_VERSION + " characters" : "manifest of " + it.manifest.length + " bytes, above the registry's "
                    + MAX_MANIFEST_BYTES);
        }
        String digest = digest(index);
        long chainId;
        try {
            chainId = chain.chainId();
        } catch (ChainException e) {
            throw new IndexImportException("cannot read the chain id: " + e.getMessage(), e);
        }

        // ---- resume: what the chain already has -----------------------------------------------------
        int position = 0;
        long lastBlock = -1;
        String note = null;
        Checkpoint cp = readCheckpoint();
        RegistryClient registry = new RegistryClient(writer.address());
        Set<String> present = new HashSet<>();
        Set<String> differs = new HashSet<>();
        long scanFrom = fromBlock;
        try {
            ChainView view = chain.pin();
            if (cp != null) {
                note = cp.mismatch(writer.address(), chainId, digest, all.size());
                if (note == null && cp.position > 0) {
                    Item last = all.get(cp.position - 1);
                    var r = registry.release(view, last.name, last.version);
                    if (r.isEmpty() || !Arrays.equals(r.get().manifestCid(), last.cid)) {
                        note = "the checkpoint says " + last.id() + " is published, the registry "
                                + (r.isEmpty() ? "does not have it" : "binds another manifest");
                    }
                }
                if (note == null) {
                    position = cp.position;
                    lastBlock = cp.block;
                    scanFrom = Math.max(fromBlock, cp.block + 1);
                }
            }
            Map<String, Item> rest = new HashMap<>();
            for (int i = position; i < all.size(); i++) {
                rest.put(all.get(i).id(), all.get(i));
            }
            for (RegistryEvent e : new RegistryEvents(writer.address()).events(view, scanFrom)) {
                if (e instanceof RegistryEvent.ReleasePublished p) {
                    Item it = rest.get(p.name() + "@" + p.version());
                    if (it != null) {
                        (Arrays.equals(p.manifestCid(), it.cid) ? present : differs).add(it.id());
                    }
                }
            }
        } catch (ChainException e) {
            throw new IndexImportException("cannot read what the registry " + writer.address()
                    + " already has: " + e.getMessage(), e);
        }
        listener.resumed(position, present.size() + differs.size(), note);
        for (String id : differs) {
            listener.skipped(id, "the registry already binds it to another manifest");
        }

        // ---- publish, batch by batch ----------------------------------------------------------------
        long publishStart = System.nanoTime();
        long published = 0;
        long transactions = 0;
        while (position < all.size()) {
            if (Thread.interrupted()) {
                throw new InterruptedException("index import interrupted at " + position + "/" + all.size());
            }
            int end = Math.min(all.size(), position + batchSize);
            List<Item> window = all.subList(position, end);
            List<Item> send = new ArrayList<>();
            for (Item it : window) {
                if (!present.contains(it.id()) && !differs.contains(it.id())) {
                    send.add(it);
                }
            }
            if (!send.isEmpty()) {
                List<TxReceipt> receipts;
                try {
                    receipts = writer.publishBatch(toReleases(send));
                } catch (TransactionRevertedException e) {
                    if (e.reason() == null || !e.reason().endsWith("already published")) {
                        throw new IndexImportException("the registry refused a batch of " + send.size() + " releases ("
                                + send.get(0).id() + " .. " + send.get(send.size() - 1).id() + "): "
                                + (e.reason() == null ? e.getMessage() : e.reason()), e);
                    }
                    send = recheck(registry, send, differs);
                    receipts = send.isEmpty() ? List.of() : publishOrFail(send);
                } catch (ChainException e) {
                    throw new IndexImportException("cannot publish a batch of " + send.size() + " releases ("
                            + send.get(0).id() + " .. " + send.get(send.size() - 1).id() + "): " + e.getMessage(), e);
                }
                for (TxReceipt r : receipts) {
                    lastBlock = Math.max(lastBlock, r.blockNumber());
                }
                transactions += receipts.size();
                published += send.size();
            }
            position = end;
            writeCheckpoint(new Checkpoint(CHECKPOINT_FORMAT, writer.address(), chainId, digest, all.size(), position,
                    lastBlock));
            // Everything before 'position' is on chain now, or was skipped.
            listener.progress(new IndexImportProgress(position + tooLarge.size(), all.size() + tooLarge.size(),
                    published, Duration.ofNanos(System.nanoTime() - publishStart)));
        }
        long alreadyThere = all.size() - published - differs.size();
        return new IndexImportResult(stanzas[0], all.size() + tooLarge.size(), published, alreadyThere,
                tooLarge.size() + differs.size(),
                transactions, Duration.ofNanos(System.nanoTime() - publishStart),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private List<TxReceipt> publishOrFail(List<Item> send) throws IndexImportException, InterruptedException {
        try {
            return writer.publishBatch(toReleases(send));
        } catch (ChainException e) {
            throw new IndexImportException("cannot publish a batch of " + send.size() + " releases ("
                    + send.get(0).id() + " .. " + send.get(send.size() - 1).id() + "), even after checking which "
                    + "ones the registry already has: " + e.getMessage(), e);
        }
    }

    /** The releases of {@code send} the registry does not have yet (asked one by one). */
    private List<Item> recheck(RegistryClient registry, List<Item> send, Set<String> differs)
            throws IndexImportException {
        List<Item> left = new ArrayList<>();
        try {
            ChainView view = chain.pin();
            for (Item it : send) {
                java.util.Optional<ReleaseRecord> r = registry.release(view, it.name, it.version);
                if (r.isEmpty()) {
                    left.add(it);
                } else if (!Arrays.equals(r.get().manifestCid(), it.cid)) {
                    differs.add(it.id());
                    listener.skipped(it.id(), "the registry already binds it to another manifest");
                }
            }
        } catch (ChainException e) {
            throw new IndexImportException("cannot re-check a refused batch: " + e.getMessage(), e);
        }
        return left;
    }

    private static List<NewRelease> toReleases(List<Item> items) {
        List<NewRelease> out = new ArrayList<>(items.size());
        for (Item it : items) {
            out.add(new NewRelease(it.name, it.version, it.cid, it.manifest));
        }
        return out;
    }

    // ---- checkpoint -----------------------------------------------------------------------------------

    /** What a checkpoint file holds: everything before {@code position} is on chain, up to {@code block}. */
    private record Checkpoint(int format, String registry, long chainId, String index, int releases, int position,
            long block) {
        /** Why this checkpoint does not describe the current run, or null when it does. */
        String mismatch(String registryNow, long chainIdNow, String indexNow, int releasesNow) {
            if (format != CHECKPOINT_FORMAT) {
                return "the checkpoint file is unreadable or of another format (" + format + ")";
            }
            if (!registry.equalsIgnoreCase(registryNow) || chainId != chainIdNow) {
                return "the checkpoint is for registry " + registry + " on chain " + chainId;
            }
            if (!index.equals(indexNow) || releases != releasesNow) {
                return "the checkpoint is for another index file (or another --limit)";
            }
            if (position < 0 || position > releases) {
                return "the checkpoint's position " + position + " is out of range";
            }
            return null;
        }
    }

    private Checkpoint readCheckpoint() throws IndexImportException {
        if (checkpoint == null || !Files.exists(checkpoint)) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(checkpoint.toFile());
            return new Checkpoint(n.path("format").asInt(), n.path("registry").asText(""), n.path("chainId").asLong(),
                    n.path("index").asText(""), n.path("releases").asInt(), n.path("position").asInt(),
                    n.path("block").asLong(-1));
        } catch (IOException e) {
            // A torn or foreign file is not trusted; the event scan decides instead.
            return new Checkpoint(-1, "", -1, "", -1, -1, -1);
        }
    }

    private void writeCheckpoint(Checkpoint c) throws IndexImportException {
        if (checkpoint == null) {
            return;
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("format", c.format).put("registry", c.registry.toLowerCase(Locale.ROOT)).put("chainId", c.chainId)
                .put("index", c.index).put("releases", c.releases).put("position", c.position).put("block", c.block);
        try {
            Path dir = checkpoint.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".checkpoint", ".tmp");
            try {
                try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(n)));
                    ch.force(true);
                }
                Files.move(tmp, checkpoint, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                // after a failed write or rename, no stray temporary file is left next to the checkpoint
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new IndexImportException("cannot write the checkpoint " + checkpoint + ": " + e.getMessage(), e);
        }
    }

    private static String digest(Path file) throws DebianIndexException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new DebianIndexException(file + ": cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** Configuration of a {@link DebianIndexImporter}. */
    public static final class Builder {
        private Path index;
        private String origin = "debian";
        private RegistryWriter writer;
        private ChainReader chain;
        private long fromBlock;
        private Path checkpoint;
        private int batchSize = 1000;
        private int limit;
        private IndexImportListener listener = IndexImportListener.NONE;

        private Builder() {
        }

        /** The Packages file, plain or {@code .lz4}/{@code .xz}/{@code .gz} (required). */
        public Builder index(Path p) {
            this.index = Objects.requireNonNull(p);
            return this;
        }

        /** {@link Manifest#origin()} of every release, e.g. {@code debian:bookworm/main} (default {@code debian}). */
        public Builder origin(String o) {
            this.origin = Objects.requireNonNull(o);
            return this;
        }

        /** Sends the batches, as a publisher of the registry (required). */
        public Builder writer(RegistryWriter w) {
            this.writer = Objects.requireNonNull(w);
            return this;
        }

        /** Reads the registry to resume (required). */
        public Builder chain(ChainReader c) {
            this.chain = Objects.requireNonNull(c);
            return this;
        }

        /** First block of the registry's events (its deployment block; default 0). */
        public Builder fromBlock(long b) {
            this.fromBlock = b;
            return this;
        }

        /** The checkpoint file (none by default: a rerun then finds what is there by the event scan alone). */
        public Builder checkpoint(Path p) {
            this.checkpoint = p;
            return this;
        }

        /** Releases confirmed between two checkpoints (default 1000; the writer splits them into transactions). */
        public Builder batchSize(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("batch size must be at least 1");
            }
            this.batchSize = n;
            return this;
        }

        /** Import only the first {@code n} stanzas (0, the default: all). */
        public Builder limit(int n) {
            this.limit = Math.max(0, n);
            return this;
        }

        public Builder listener(IndexImportListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        public DebianIndexImporter build() {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(writer, "writer");
            Objects.requireNonNull(chain, "chain");
            return new DebianIndexImporter(this);
        }
    }
}
