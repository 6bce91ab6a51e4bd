package dev.dpm.core.index;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.RegistryEvent;
import dev.dpm.chain.registry.RegistryEvents;
import dev.dpm.chain.rpc.ChainReader;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.MutablePackageIndex;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.db.SyncState;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code dpm update}: brings the local package index up to date with the registry's event log.
 *
 * <p>One sync pins the chain once (every read answers as of that block: no mix-and-match), reads the
 * registry events from the block after the last synced one through the pinned head, and applies them
 * in one database transaction together with the new sync state (block number and hash): a crash leaves
 * the index as before or as after. The range is read in windows of {@link ChainView#logWindowBlocks()}
 * blocks, with {@link SyncListener#scanning} after each, so a long sync shows progress. The manifests ride in the {@code ReleasePublished} events, so there
 * is no storage round trip per package; each is checked against the CID the chain stored (the CID's
 * digest is the SHA-256 of the bytes), decoded, and its name and version compared with the event's. A
 * release that does not check out is left out and reported, not fatal: one bad publisher must not stop
 * everyone's update. Yanks (of one release, or every release of a yanked publisher up to a block),
 * maintainers and publishers are recorded too.
 *
 * <p>Reorganisations: each sync first compares the recorded hash of the last synced block with the
 * chain's block of that number ({@link ChainView#blockAt}). When they differ, the events the index was
 * built from may be gone, and yanks or maintainer changes cannot be undone row by row; so the index is
 * emptied and rebuilt from the registry's first block ({@code startBlock}), and the report says so.
 *
 * <p>The rollback defence is the chain reader's: build it with a {@link DatabaseHighestSeenStore} on the
 * same database so the highest block seen survives restarts. Not thread-safe; one sync at a time per root
 * (SQLite serializes writers of several processes).
 */
public final class IndexSync {
    private static final int PROGRESS_EVERY = 500;

    private final LocalDatabase db;
    private final ChainReader chain;
    private final String registry;
    private final RegistryEvents events;
    private final long startBlock;

    /** As {@link #IndexSync(LocalDatabase, ChainReader, String, long)} from block 0. */
    public IndexSync(LocalDatabase db, ChainReader chain, String registry) {
        this(db, chain, registry, 0);
    }

    /**
     * @param db         the root's database, where the index lives
     * @param chain      verified reads of the chain
     * @param registry   address of the registry contract
     * @param startBlock the block the registry was deployed in (no event of it is older): where a first
     *                   sync, or a rebuild after a reorganisation, starts reading
     */
    public IndexSync(LocalDatabase db, ChainReader chain, String registry, long startBlock) {
        if (startBlock < 0) {
            throw new IllegalArgumentException("startBlock " + startBlock + " is negative");
        }
        this.db = Objects.requireNonNull(db);
        this.chain = Objects.requireNonNull(chain);
        this.registry = registry.toLowerCase(Locale.ROOT);
        this.events = new RegistryEvents(this.registry);
        this.startBlock = startBlock;
    }

    /**
     * Syncs once (see class doc).
     *
     * @throws IndexException when the chain cannot be read or trusted, the database fails, or the root
     *                        was synced from another chain or registry
     */
    public SyncReport sync(SyncListener listener) throws IndexException {
        long started = System.nanoTime();
        long chainId;
        Optional<SyncState> state;
        ChainView view;
        try {
            chainId = chain.chainId();
            state = db.syncState();
            view = chain.pin();
        } catch (ChainException e) {
            throw new IndexException("cannot read the chain: " + e.getMessage(), e);
        } catch (DatabaseException e) {
            throw new IndexException(e.getMessage(), e);
        }
        long from = startBlock;
        SyncReport.Reorganisation reorg = null;
        long head = view.block().number();
        if (state.isPresent() && state.get().lastSyncedBlock() >= 0 && !state.get().registry().isEmpty()) {
            SyncState s = state.get();
            if (s.chainId() != chainId || !s.registry().equalsIgnoreCase(registry)) {
                throw new IndexException(db.file() + " holds the index of registry " + s.registry() + " on chain "
                        + s.chainId() + ", not of " + registry + " on chain " + chainId
                        + "; use another root (--root) for another registry");
            }
            from = s.lastSyncedBlock() + 1;
            reorg = reorganisation(view, s);
            if (reorg != null) {
                listener.reorganised(reorg);
                from = startBlock; // the index is emptied in the write below, with the rebuilt events
            }
        }
        listener.started(from, head);
        if (from > head) {
            return new SyncReport(from, head, view.block().hash(), 0, 0, 0, List.of(), releaseCount(), elapsed(started),
                    reorg);
        }
        List<RegistryEvent> list = new ArrayList<>();
        long blocks = head - from + 1;
        listener.scanning(0, blocks, 0);
        // windows of one log page each: same reads as one ranged call, but progress after every window;
        // nothing is applied before the whole range is read (one transaction below)
        long window = Math.max(1, view.logWindowBlocks());
        for (long wFrom = from; wFrom <= head; ) {
            long wTo = head - wFrom < window ? head : wFrom + window - 1;
            try {
                list.addAll(events.events(view, wFrom, wTo));
            } catch (ChainException e) {
                String whole = wFrom == from && wTo == head ? "" : " (syncing " + from + " to " + head + ")";
                throw new IndexException("cannot read the registry events from block " + wFrom + " to " + wTo
                        + whole + ": " + e.getMessage(), e);
            }
            listener.scanning(wTo - from + 1, blocks, list.size());
            wFrom = wTo + 1;
        }
        listener.eventsFetched(list.size());
        List<String> rejected = new ArrayList<>();
        int[] counts = new int[2];
        long finalFrom = from;
        boolean rebuild = reorg != null;
        try {
            db.write(w -> {
                MutablePackageIndex index = w.index();
                if (rebuild) {
                    // in the same transaction as the rebuilt events: a read that fails above leaves the
                    // old index (stale, and rebuilt by the next update) rather than an empty one
                    index.clear();
                }
                int done = 0;
                for (RegistryEvent e : list) {
                    apply(e, index, rejected, counts, listener);
                    done++;
                    if (done % PROGRESS_EVERY == 0 || done == list.size()) {
                        listener.progress(done, list.size(), e.blockNumber());
                    }
                }
                w.saveSyncState(new SyncState(chainId, registry, head, view.block().hash(), head));
                return null;
            });
        } catch (DatabaseException e) {
            throw new IndexException(e.getMessage(), e);
        }
        return new SyncReport(finalFrom, head, view.block().hash(), list.size(), counts[0], counts[1], rejected,
                releaseCount(), elapsed(started), reorg);
    }

    /**
     * Null when the chain's block at the last synced height is the recorded one (or the height is above the
     * pinned head: the reader's rollback defence judges that, and there is nothing new to read).
     */
    private SyncReport.Reorganisation reorganisation(ChainView view, SyncState s) throws IndexException {
        long n = s.lastSyncedBlock();
        if (n > view.block().number() || s.lastSyncedBlockHash().isEmpty()) {
            return null;
        }
        String now;
        try {
            now = view.blockAt(n).hash();
        } catch (ChainException e) {
            throw new IndexException("cannot read block " + n + " to check for a reorganisation: " + e.getMessage(), e);
        }
        if (now.equalsIgnoreCase(s.lastSyncedBlockHash())) {
            return null;
        }
        return new SyncReport.Reorganisation(n, s.lastSyncedBlockHash(), now);
    }

    private static void apply(RegistryEvent e, MutablePackageIndex index, List<String> rejected, int[] counts,
            SyncListener listener) throws DatabaseException {
        switch (e) {
            case RegistryEvent.ReleasePublished r -> {
                String release = r.name() + "@" + r.version();
                String why = check(r);
                if (why != null) {
                    rejected.add(release + ": " + why);
                    listener.releaseRejected(release, why);
                    return;
                }
                Manifest m;
                try {
                    m = Manifest.fromCanonicalBytes(r.manifest());
                } catch (ManifestException ex) {
                    rejected.add(release + ": " + ex.getMessage());
                    listener.releaseRejected(release, ex.getMessage());
                    return;
                }
                if (!m.name().equals(r.name()) || !m.version().toString().equals(r.version())) {
                    String w = "its manifest describes " + m.id() + " (block " + r.blockNumber() + ", tx "
                            + r.transactionHash() + ")";
                    rejected.add(release + ": " + w);
                    listener.releaseRejected(release, w);
                    return;
                }
                index.putRelease(new ReleaseRecord(r.name(), r.version(), ManifestCid.toText(r.manifestCid()),
                        r.manifest(), m.description().lines().findFirst().orElse(""), r.publisher(), r.blockNumber(),
                        r.transactionHash(), r.logIndex(), false, -1));
                counts[0]++;
            }
            case RegistryEvent.ReleaseYanked y -> {
                if (index.yank(y.name(), y.version(), y.blockNumber())) {
                    counts[1]++;
                }
            }
            case RegistryEvent.PublisherYanked py -> {
                for (String name : index.names()) {
                    for (ReleaseRecord rec : index.releases(name)) {
                        if (!rec.yanked() && rec.publisher().equalsIgnoreCase(py.publisher())
                                && rec.block() <= py.upToBlock() && index.yank(name, rec.version(), py.blockNumber())) {
                            counts[1]++;
                        }
                    }
                }
            }
            case RegistryEvent.MaintainerAdded a -> index.addMaintainer(a.name(), a.maintainer());
            case RegistryEvent.MaintainerRemoved rm -> index.removeMaintainer(rm.name(), rm.maintainer());
            case RegistryEvent.PackageHandedOver h -> {
                for (String old : index.maintainers(h.name())) {
                    index.removeMaintainer(h.name(), old);
                }
                for (String m : h.maintainers()) {
                    index.addMaintainer(h.name(), m);
                }
            }
            case RegistryEvent.PublisherAdded pa -> index.addPublisher(pa.publisher(), pa.blockNumber());
            case RegistryEvent.PublisherRemoved pr -> index.removePublisher(pr.publisher());
            default -> {
                // governance bookkeeping (admins, thresholds, proposals) is not part of the package index
            }
        }
    }

    /** Null when the event's manifest hashes to its CID, else why not. */
    private static String check(RegistryEvent.ReleasePublished r) {
        if (!ManifestCid.matches(r.manifestCid(), r.manifest())) {
            return "its manifest does not hash to its on-chain CID " + ManifestCid.toText(r.manifestCid()) + " (block "
                    + r.blockNumber() + ", tx " + r.transactionHash() + ")";
        }
        return null;
    }

    private long releaseCount() throws IndexException {
        try {
            return db.index().releaseCount();
        } catch (DatabaseException e) {
            throw new IndexException(e.getMessage(), e);
        }
    }

    private static Duration elapsed(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
}
