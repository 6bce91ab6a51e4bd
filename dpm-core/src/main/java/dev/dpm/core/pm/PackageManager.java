package dev.dpm.core.pm;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.ChainReader;
import dev.dpm.chain.rpc.HighestSeenStore;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.unixfs.ImportProfile;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.InstalledPackages;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.index.DatabaseHighestSeenStore;
import dev.dpm.core.index.IndexSync;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.install.Autoremove;
import dev.dpm.core.install.BlockstorePackageContent;
import dev.dpm.core.install.InstallPlan;
import dev.dpm.core.install.Installer;
import dev.dpm.core.install.PackageContent;
import dev.dpm.core.install.RecoveryReport;
import dev.dpm.core.install.Transaction;
import dev.dpm.core.install.TransactionResult;
import dev.dpm.core.install.VerifyReport;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.publish.PublishException;
import dev.dpm.core.publish.PublishListener;
import dev.dpm.core.publish.PublishResult;
import dev.dpm.core.publish.Publisher;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Index;
import dev.dpm.core.resolve.Plan;
import dev.dpm.core.resolve.Request;
import dev.dpm.core.resolve.Resolver;
import dev.dpm.core.version.DebianVersion;
import dev.dpm.core.version.VersionFormatException;
import dev.dpm.storage.DagFetcher;
import dev.dpm.storage.FetchSession;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchProgress;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerFault;
import dev.dpm.storage.StorageException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * dpm's library entry point: every command of the {@code dpm} front end is one call here.
 *
 * <pre>{@code
 * try (PackageManager pm = PackageManager.builder(root)
 *         .repo(Repo.open(home.resolve("repo")))
 *         .rpc(List.of(URI.create("http://127.0.0.1:8545")), 31337, 0)
 *         .registry("0x5fbd...")
 *         .fetcher(HttpDagFetcher.builder().peers(peers).build())
 *         .listener(progress)
 *         .build()) {
 *     pm.update();
 *     OperationResult r = pm.install(List.of("hello-dpm"), plan -> askUser(plan));
 * }
 * }</pre>
 *
 * <p>State: the install root holds the database ({@code ROOT/var/lib/dpm/dpm.db}: package index, sync
 * state, installed packages and files, history), the lock and the transaction journal; the repository
 * (the user's node blockstore) holds fetched payloads, pinned while installed when seeding is on, so
 * the user's node serves them to peers.
 *
 * <p>Changing operations ({@link #install}, {@link #remove}, {@link #upgrade}) take the root's lock for
 * their whole run (resolve, fetch, transaction), recover an interrupted earlier transaction first
 * (reported to the listener and in {@link OperationResult#recovery()}), and change the root atomically.
 * Read-only operations recover first too ({@link #recoverIfNeeded()}).
 *
 * <p>Not thread-safe: one operation at a time per instance. Close it to release the database and the
 * chain reader.
 */
public final class PackageManager implements AutoCloseable {
    private final Path root;
    private final Repo repo;
    private final LocalDatabase db;
    private final ChainReader chain;
    private final String registry;
    private final DagFetcher fetcher;
    private final long registryFromBlock;
    private final RegistryWriter writer;
    private final PackageManagerListener listener;
    private final boolean seed;
    private final String architecture;
    private final java.time.Duration resolveTimeLimit;

    private PackageManager(Builder b, LocalDatabase db, ChainReader chain) {
        this.root = b.root;
        this.repo = b.repo;
        this.db = db;
        this.chain = chain;
        this.registry = b.registry;
        this.registryFromBlock = b.registryFromBlock;
        this.fetcher = b.fetcher;
        this.writer = b.writer;
        this.listener = b.listener;
        this.seed = b.seed;
        this.architecture = b.architecture;
        this.resolveTimeLimit = b.resolveTimeLimit;
    }

    /** A builder for a package manager working on install root {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    public Path root() {
        return root;
    }

    // ---- chain ------------------------------------------------------------------------------------

    /**
     * {@code dpm update}: syncs the package index from the registry's events since the last sync.
     *
     * @throws DpmException when the chain cannot be read or trusted (endpoint named), or the database fails
     */
    public SyncReport update() throws DpmException {
        recoverIfNeeded();
        return new IndexSync(db, requireChain(), requireRegistry(), registryFromBlock).sync(listener);
    }

    /**
     * {@code dpm publish DIR}: the paper's algorithm 1 (see {@link Publisher}) with this manager's
     * repository, chain reader and writer.
     *
     * @throws PublishException when refused (with the reason) or when storage or the chain fail
     */
    public PublishResult publish(Path sourceDir, PublishListener publishListener) throws DpmException,
            InterruptedException {
        return publisher(publishListener).publish(sourceDir);
    }

    /** A publisher on this manager's repository, chain and account (for batch publishing). */
    public Publisher publisher(PublishListener publishListener) throws DpmException {
        if (writer == null) {
            throw new PublishException(PublishException.Reason.CHAIN,
                    "no publishing account: configure `account` and a keystore (see README, Configuration)");
        }
        return Publisher.builder().repo(requireRepo()).chain(requireChain()).writer(writer)
                .profile(ImportProfile.UNIXFS_V1_2025).listener(publishListener).build();
    }

    // ---- queries ----------------------------------------------------------------------------------

    /** {@code dpm search TERM}: packages whose name or description contains {@code term}, by name. */
    public List<SearchHit> search(String term) throws DpmException {
        recoverIfNeeded();
        Map<String, List<ReleaseRecord>> byName = new LinkedHashMap<>();
        for (ReleaseRecord r : db.index().search(term)) {
            byName.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(r);
        }
        List<SearchHit> out = new ArrayList<>();
        for (String name : byName.keySet()) {
            List<ReleaseRecord> all = db.index().releases(name);
            ReleaseRecord best = newest(all, true).or(() -> newest(all, false)).orElseThrow();
            String installed = db.installed().find(name).map(InstalledPackage::version).orElse(null);
            out.add(new SearchHit(name, best.version(), best.description(),
                    all.stream().allMatch(ReleaseRecord::yanked), installed));
        }
        return out;
    }

    /**
     * {@code dpm info NAME}: versions, dependencies, maintainers, yanks, installed release.
     *
     * @throws PackageNotFoundException when the index has no release of {@code name}
     */
    public PackageInfo info(String name) throws DpmException {
        recoverIfNeeded();
        List<ReleaseRecord> records = db.index().releases(name);
        if (records.isEmpty()) {
            throw new PackageNotFoundException(name, "no package named " + name + " in the index"
                    + (db.index().releaseCount() == 0 ? " (the index is empty: run `dpm update`)" : ""));
        }
        List<PackageInfo.Release> releases = new ArrayList<>();
        for (ReleaseRecord r : records) {
            releases.add(new PackageInfo.Release(r, decode(r)));
        }
        releases.sort(Comparator.comparing((PackageInfo.Release r) -> r.manifest().version()).reversed());
        Optional<InstalledPackage> installed = db.installed().find(name);
        List<String> requiredBy = new ArrayList<>();
        if (installed.isPresent()) {
            Candidate self = Candidate.of(decodeInstalled(installed.get()), false);
            for (InstalledPackage p : db.installed().all()) {
                Manifest m = decodeInstalled(p);
                List<dev.dpm.core.manifest.Dependency> deps = new ArrayList<>(m.depends());
                deps.addAll(m.preDepends());
                boolean needs = deps.stream().flatMap(d -> d.alternatives().stream()).anyMatch(self::satisfies);
                if (needs && !p.name().equals(name)) {
                    requiredBy.add(p.name());
                }
            }
        }
        return new PackageInfo(name, releases, db.index().maintainers(name), installed,
                installed.isPresent() && db.installed().held().contains(name), requiredBy);
    }

    /** {@code dpm list}: installed packages, by name. */
    public List<InstalledPackage> list() throws DpmException {
        recoverIfNeeded();
        return db.installed().all();
    }

    /**
     * {@code dpm list --explicit} / {@code --dependency} (pacman {@code -Qe} / {@code -Qd}): the installed
     * packages installed for {@code reason}, by name.
     */
    public List<InstalledPackage> list(InstallReason reason) throws DpmException {
        Objects.requireNonNull(reason, "reason");
        return list().stream().filter(p -> p.reason() == reason).toList();
    }

    /**
     * An installed package whose newest release in the index that is not yanked is newer than the
     * installed one (an entry of {@link #upgradable()}).
     *
     * @param name      the package
     * @param installed its installed version
     * @param newest    its newest non-yanked version in the index
     * @param held      whether it is held ({@link #hold}): {@code upgrade} keeps it back
     */
    public record Upgradable(String name, String installed, String newest, boolean held) {
        public Upgradable {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(installed, "installed");
            Objects.requireNonNull(newest, "newest");
        }
    }

    /**
     * {@code dpm list --upgradable} (apt {@code list --upgradable}, pacman {@code -Qu}): the installed
     * packages whose newest release in the root's index that is not yanked is newer than the installed
     * one, by name; the same notion of "newest" as {@code upgrade}'s kept-back report. Reads only the
     * index as last synced: empty when it was never synced ({@link #indexSynced()}).
     */
    public List<Upgradable> upgradable() throws DpmException {
        recoverIfNeeded();
        Set<String> held = new HashSet<>(db.installed().held());
        List<Upgradable> out = new ArrayList<>();
        for (InstalledPackage p : db.installed().all()) {
            Optional<ReleaseRecord> newest = newest(db.index().releases(p.name()), true);
            if (newest.isPresent()
                    && DebianVersion.of(newest.get().version()).compareTo(DebianVersion.of(p.version())) > 0) {
                out.add(new Upgradable(p.name(), p.version(), newest.get().version(), held.contains(p.name())));
            }
        }
        return out;
    }

    /** Whether {@code dpm update} has synced this root's index at least once. */
    public boolean indexSynced() throws DpmException {
        recoverIfNeeded();
        return db.syncState().isPresent();
    }

    /**
     * {@code dpm list --orphans} (pacman {@code -Qdt}): exactly what {@link #autoremove} would remove,
     * by name: packages installed as dependencies that no explicitly installed package needs any more
     * (through Depends/Pre-Depends, alternatives and Provides, as {@link Autoremove} decides), except
     * held packages and what they need: a hold keeps a package, and so its dependencies, installed.
     */
    public List<InstalledPackage> orphans() throws DpmException {
        recoverIfNeeded();
        Set<String> names = new HashSet<>(removableOrphans(db.installed()));
        return db.installed().all().stream().filter(p -> names.contains(p.name())).toList();
    }

    /** The orphans of {@code installed} less the held ones and every package they need, sorted by name. */
    private List<String> removableOrphans(InstalledPackages installed) throws DpmException {
        return removableOrphans(installed, List.of());
    }

    /**
     * As {@link #removableOrphans(InstalledPackages)} once {@code removing} are gone (what
     * {@code remove --autoremove} adds to a removal); {@code removing} themselves are not in the result.
     */
    private List<String> removableOrphans(InstalledPackages installed, Collection<String> removing)
            throws DpmException {
        // a hold keeps a package, and so what it needs, installed
        return Autoremove.orphans(installed, removing, installed.held());
    }

    /** {@code dpm history}: what every committed transaction did, oldest first. */
    public List<HistoryEntry> history() throws DpmException {
        recoverIfNeeded();
        return db.history().all();
    }

    /** {@code dpm verify [NAME...]}: installed files against the recorded types, sizes, hashes, modes. */
    public VerifyReport verify(List<String> names) throws DpmException {
        recoverIfNeeded();
        for (String n : names) { // a name that is not installed is "not found" (exit 10), as for files and hold
            if (db.installed().find(n).isEmpty()) {
                throw new PackageNotFoundException(n, "cannot verify " + n + ": it is not installed in " + root);
            }
        }
        return Installer.verify(root, names);
    }

    /**
     * The dependency half of {@code dpm verify} (pacman {@code -Dk}, {@code apt-get check}): for each
     * installed package (only {@code names}, when given), every Depends/Pre-Depends entry satisfied by
     * an installed package (by name and version, or through what it provides), and no Conflicts or
     * Breaks with another installed package. Returns one line per problem, e.g.
     * {@code app 1.0 depends on lib (>= 2), which no installed package satisfies}; empty when consistent.
     *
     * @throws PackageNotFoundException when a name is not installed
     */
    public List<String> dependencyProblems(List<String> names) throws DpmException {
        recoverIfNeeded();
        List<Candidate> installed = new ArrayList<>();
        for (InstalledPackage p : db.installed().all()) {
            installed.add(Candidate.of(decodeInstalled(p), false));
        }
        for (String n : names) {
            if (installed.stream().noneMatch(c -> c.name().equals(n))) {
                throw new PackageNotFoundException(n, n + " is not installed in " + root);
            }
        }
        List<String> problems = new ArrayList<>();
        for (Candidate c : installed) {
            if (!names.isEmpty() && !names.contains(c.name())) {
                continue;
            }
            List<dev.dpm.core.manifest.Dependency> deps = new ArrayList<>(c.preDepends());
            deps.addAll(c.depends());
            for (var d : deps) {
                boolean met = d.alternatives().stream().anyMatch(r -> installed.stream().anyMatch(o -> o.satisfies(r)));
                if (!met) {
                    problems.add(c + " depends on " + d + ", which no installed package satisfies");
                }
            }
            for (String field : List.of("conflicts with", "breaks")) {
                for (Relation r : field.equals("breaks") ? c.breaks() : c.conflicts()) {
                    for (Candidate o : installed) {
                        if (!o.name().equals(c.name()) && o.satisfies(r)) {
                            problems.add(c + " " + field + " " + r + ", which installed " + o + " satisfies");
                        }
                    }
                }
            }
        }
        return problems;
    }

    /**
     * {@code dpm files NAME}: the paths an installed package owns, sorted (dpkg -L, pacman -Ql).
     *
     * @throws PackageNotFoundException when {@code name} is not installed
     */
    public List<InstalledFile> files(String name) throws DpmException {
        recoverIfNeeded();
        if (db.installed().find(name).isEmpty()) {
            throw new PackageNotFoundException(name, name + " is not installed in " + root);
        }
        return db.installed().files(name);
    }

    /**
     * {@code dpm why NAME} (aptitude {@code why}, pactree {@code -r}): the shortest chain of dependencies
     * from an explicitly installed package to {@code name} (see {@link Autoremove#chainTo}); one link when
     * {@code name} is explicit, none when nothing explicit needs it.
     *
     * @throws PackageNotFoundException when {@code name} is not installed
     */
    public List<Autoremove.Link> why(String name) throws DpmException {
        recoverIfNeeded();
        if (db.installed().find(name).isEmpty()) {
            throw new PackageNotFoundException(name, name + " is not installed in " + root);
        }
        return Autoremove.chainTo(db.installed(), name);
    }

    /**
     * {@code dpm owns PATH}: the installed packages that own {@code path} (several only for a shared
     * directory; dpkg -S, pacman -Qo). An absolute path under the root is taken as that file; any
     * other path is a path inside the root ({@code /usr/bin/x} and {@code usr/bin/x} alike, as
     * {@code dpm files} prints them). Symlinks are not followed: the database records paths as installed.
     *
     * @throws InvalidRequestException when {@code path} leaves the root with {@code ..}
     * @throws PackageNotFoundException when no installed package owns it
     */
    public List<InstalledFile> owners(String path) throws DpmException {
        recoverIfNeeded();
        String inRoot = pathInRoot(path);
        List<InstalledFile> owners = db.installed().owners(inRoot);
        if (owners.isEmpty()) {
            throw new PackageNotFoundException(inRoot, "no installed package owns /" + inRoot + " (in " + root + ")");
        }
        return owners;
    }

    /** {@code path} as the database records it: relative to the root, '/'-separated, normalised. */
    private String pathInRoot(String path) throws InvalidRequestException {
        Path p;
        try {
            p = Path.of(path);
        } catch (java.nio.file.InvalidPathException e) {
            throw new InvalidRequestException("bad path '" + path + "': " + e.getMessage());
        }
        Path rootAbs = root.toAbsolutePath().normalize();
        Path rel;
        if (p.isAbsolute() && p.normalize().startsWith(rootAbs)) {
            rel = rootAbs.relativize(p.normalize());
        } else {
            rel = p.isAbsolute() ? p.getRoot().relativize(p).normalize() : p.normalize();
        }
        String s = rel.toString().replace(java.io.File.separatorChar, '/');
        if (s.isEmpty() || s.equals("..") || s.startsWith("../")) {
            throw new InvalidRequestException("'" + path + "' names no path inside the install root " + rootAbs);
        }
        return s;
    }

    /** The held packages (see {@link #hold}), by name. */
    public List<String> held() throws DpmException {
        recoverIfNeeded();
        return db.installed().held();
    }

    /**
     * {@code dpm hold NAME...}: keeps installed packages at their versions; install, upgrade and remove
     * refuse to change them (apt-mark hold; pacman's IgnorePkg), and an upgrade keeps back what would
     * need them changed. Returns the names that were not held before.
     *
     * @throws PackageNotFoundException when a name is not installed (nothing is held then)
     */
    public List<String> hold(List<String> names) throws DpmException {
        return changeInstalled(names, (w, n) -> w.installed().hold(n, java.time.Instant.now()));
    }

    /** {@code dpm unhold NAME...}: releases holds; returns the names that were held. */
    public List<String> unhold(List<String> names) throws DpmException {
        return changeInstalled(names, (w, n) -> w.installed().unhold(n));
    }

    /**
     * {@code dpm mark --explicit|--dependency NAME...}: changes why packages are installed (apt-mark
     * manual/auto), which decides what {@code remove --autoremove} takes. Returns the names whose
     * reason changed.
     */
    public List<String> mark(List<String> names, InstallReason reason) throws DpmException {
        return changeInstalled(names, (w, n) -> {
            if (w.installed().find(n).map(InstalledPackage::reason).orElse(null) == reason) {
                return false;
            }
            w.installed().setReason(n, reason);
            return true;
        });
    }

    private interface InstalledChange {
        boolean apply(dev.dpm.core.db.DatabaseWriter w, String name) throws DatabaseException;
    }

    /** Applies {@code change} to each named installed package in one database transaction, under the root's lock. */
    private List<String> changeInstalled(List<String> names, InstalledChange change) throws DpmException {
        if (names.isEmpty()) {
            throw new InvalidRequestException("name at least one package");
        }
        try (Transaction tx = Installer.begin(root, listener)) {
            for (String n : names) {
                if (tx.database().installed().find(n).isEmpty()) {
                    throw new PackageNotFoundException(n, n + " is not installed in " + root);
                }
            }
            return tx.database().write(w -> {
                List<String> changed = new ArrayList<>();
                for (String n : new java.util.LinkedHashSet<>(names)) {
                    if (change.apply(w, n)) {
                        changed.add(n);
                    }
                }
                return changed;
            });
        }
    }

    /**
     * Finishes or undoes a transaction that an earlier run left interrupted (kill -9, power loss), if
     * any; reports it to the listener.
     */
    public RecoveryReport recoverIfNeeded() throws DpmException {
        RecoveryReport r = Installer.recoverIfNeeded(root);
        if (r.recovered()) {
            listener.recovered(r);
        }
        return r;
    }

    // ---- changes ----------------------------------------------------------------------------------

    /**
     * {@code dpm install NAME[=VERSION]...}: resolves the request against the index (never choosing a
     * yanked release) and what is installed, asks {@code approval}, fetches every payload from the storage
     * peers (each block verified by CID), installs atomically, and pins what it installed (seeding).
     *
     * @throws InvalidRequestException     for a malformed {@code NAME[=VERSION]}
     * @throws PackageNotFoundException    for a name no release has or provides
     * @throws dev.dpm.core.resolve.UnsatisfiableException with the chain of facts that conflict
     * @throws dev.dpm.core.install.LockHeldException when another process holds the root's lock
     * @throws dev.dpm.core.install.FileConflictException when packages would overwrite each other's files
     */
    public OperationResult install(List<String> specs, PlanApproval approval) throws DpmException,
            InterruptedException {
        return install(specs, false, approval);
    }

    /**
     * As {@link #install(List, PlanApproval)}; with {@code reinstall}, a named package that stays at its
     * installed release is installed again over itself (fetched if need be, every file rewritten and
     * verified: how a root that {@code dpm verify} finds modified is repaired; pacman {@code -S}, apt
     * {@code --reinstall}).
     */
    public OperationResult install(List<String> specs, boolean reinstall, PlanApproval approval) throws DpmException,
            InterruptedException {
        return install(specs, reinstall, false, approval);
    }

    /**
     * {@code dpm install --download-only} (apt {@code -d}, pacman {@code -Sw}): resolves and asks as
     * {@link #install(List, boolean, PlanApproval)} does, then fetches every payload of the plan into the
     * repository (each block verified) and stops: the root is not changed, nothing is pinned. A later
     * install of the same plan needs no peer. Returns {@link OperationResult.Status#DOWNLOADED}.
     */
    public OperationResult download(List<String> specs, boolean reinstall, PlanApproval approval)
            throws DpmException, InterruptedException {
        return install(specs, reinstall, true, approval);
    }

    private OperationResult install(List<String> specs, boolean reinstall, boolean downloadOnly, PlanApproval approval)
            throws DpmException, InterruptedException {
        if (specs.isEmpty()) {
            throw new InvalidRequestException("nothing to install: name at least one package");
        }
        List<Relation> rels = new ArrayList<>();
        for (String s : specs) {
            rels.add(parseSpec(s));
        }
        Universe u = universe();
        for (Relation r : rels) {
            if (u.index.versionsOf(r.name()).isEmpty() && u.index.providersOf(r.name()).isEmpty()) {
                throw new PackageNotFoundException(r.name(), "no package named " + r.name() + " in the index"
                        + (u.index.size() == 0 ? " (the index is empty: run `dpm update`)" : ""));
            }
        }
        Set<String> explicit = new HashSet<>();
        rels.forEach(r -> explicit.add(r.name()));
        Set<String> namedVersions = new HashSet<>();
        rels.stream().filter(r -> r.version() != null).forEach(r -> namedVersions.add(r.name()));
        return run(new Request(rels, Set.of(), false), approval, explicit, namedVersions, u,
                new RunOptions(false, List.of(), reinstall ? explicit : Set.of(), downloadOnly));
    }

    /**
     * {@code dpm remove NAME... [--autoremove]}: removes the packages (and what can no longer be
     * installed without them, as the plan shows), and with {@code autoremove} the dependencies nothing
     * else needs any more.
     *
     * @throws PackageNotFoundException when a name is not installed
     */
    public OperationResult remove(List<String> names, boolean autoremove, PlanApproval approval) throws DpmException,
            InterruptedException {
        if (names.isEmpty()) {
            throw new InvalidRequestException("nothing to remove: name at least one package");
        }
        recoverIfNeeded();
        for (String n : names) {
            if (db.installed().find(n).isEmpty()) {
                throw new PackageNotFoundException(n, n + " is not installed in " + root);
            }
        }
        return run(new Request(List.of(), new HashSet<>(names), false), approval, Set.of(), Set.of(), universe(),
                new RunOptions(autoremove, names, Set.of(), false));
    }

    /**
     * {@code dpm autoremove} (apt {@code autoremove}, pacman {@code -Rns $(pacman -Qdtq)}): removes the
     * {@link #orphans()} in one transaction, through the same resolution, approval and transaction as
     * {@link #remove}. Held packages, and what they need, are never removed. Returns
     * {@link OperationResult.Status#NOTHING_TO_DO} (without asking {@code approval}) when there are no orphans.
     *
     * @throws DpmException when the installed packages changed between finding the orphans and taking the
     *     root's lock, so that the plan would remove something else than the orphans (nothing changed then)
     */
    public OperationResult autoremove(PlanApproval approval) throws DpmException, InterruptedException {
        Objects.requireNonNull(approval, "approval");
        RecoveryReport recovery = recoverIfNeeded();
        List<String> orphans = removableOrphans(db.installed());
        if (orphans.isEmpty()) {
            return new OperationResult(new Plan(List.of(), List.of(), List.of(), List.of(), List.of(), true),
                    OperationResult.Status.NOTHING_TO_DO, null, recovery, List.of(), List.of(), List.of());
        }
        // The orphans were found before the lock is taken (run takes it); the approval runs under it, so
        // it checks that the plan still removes exactly the orphans: another process may have installed
        // something needing one, and the resolver would then remove that too.
        boolean[] changed = {false};
        PlanApproval checked = new PlanApproval() {
            @Override
            public boolean approve(Plan plan) {
                return approve(plan, null);
            }

            @Override
            public boolean approve(Plan plan, PlanSizes sizes) {
                List<String> removing = plan.remove().stream().map(Candidate::name).sorted().toList();
                try {
                    changed[0] = !plan.install().isEmpty() || !plan.upgrade().isEmpty()
                            || !removing.equals(removableOrphans(db.installed()));
                } catch (DpmException e) {
                    changed[0] = true;
                }
                return !changed[0] && approval.approve(plan, sizes);
            }
        };
        OperationResult r = run(new Request(List.of(), new HashSet<>(orphans), false), checked, Set.of(), Set.of(),
                universe(), new RunOptions(false, orphans, Set.of(), false));
        if (changed[0]) {
            throw new DpmException("the installed packages in " + root + " changed while autoremove was planning"
                    + " (orphans were " + String.join(", ", orphans) + "); nothing changed: run it again");
        }
        return r;
    }

    /**
     * {@code dpm upgrade}: moves every installed package to its newest release that is not yanked,
     * never lower (a plan that would downgrade is refused), and reports installed releases that were
     * yanked ({@link OperationResult#yanked()}).
     */
    public OperationResult upgrade(PlanApproval approval) throws DpmException, InterruptedException {
        return run(Request.upgrade(), approval, Set.of(), Set.of(), universe(),
                new RunOptions(false, List.of(), Set.of(), false));
    }

    /**
     * {@code dpm upgrade --download-only} (apt {@code upgrade -d}, pacman {@code -Suw}): the plan of
     * {@link #upgrade}, fetched into the repository and not installed (see {@link #download}).
     */
    public OperationResult downloadUpgrade(PlanApproval approval) throws DpmException, InterruptedException {
        return run(Request.upgrade(), approval, Set.of(), Set.of(), universe(),
                new RunOptions(false, List.of(), Set.of(), true));
    }

    /**
     * What {@link #run} does besides resolving the request.
     *
     * @param autoremove also remove what {@code removing} leaves without a user
     * @param removing the packages named for removal
     * @param reinstall named packages to install again over themselves
     * @param downloadOnly fetch the plan's payloads and stop before the root is changed
     */
    private record RunOptions(boolean autoremove, List<String> removing, Set<String> reinstall, boolean downloadOnly) {
    }

    private OperationResult run(Request request, PlanApproval approval, Set<String> explicit,
            Set<String> namedVersions, Universe u, RunOptions options) throws DpmException, InterruptedException {
        boolean autoremove = options.autoremove();
        List<String> removing = options.removing();
        Set<String> reinstall = options.reinstall();
        try (Transaction tx = Installer.begin(root, listener)) {
            RecoveryReport recovery = tx.recovery();
            List<InstalledPackage> installedNow = tx.database().installed().all();
            List<Candidate> installed = new ArrayList<>();
            List<String> yanked = new ArrayList<>();
            for (InstalledPackage p : installedNow) {
                Manifest m = decodeInstalled(p);
                boolean isYanked = db.index().find(p.name(), p.version()).map(ReleaseRecord::yanked).orElse(false);
                if (isYanked) {
                    yanked.add(p.name() + " " + p.version());
                }
                installed.add(Candidate.of(m, isYanked));
            }
            Map<String, InstalledPackage> held = new HashMap<>();
            for (String name : tx.database().installed().held()) {
                installedNow.stream().filter(p -> p.name().equals(name)).findFirst().ifPresent(p -> held.put(name, p));
            }
            Index index = u.index;
            if (!held.isEmpty()) {
                request = holding(request, held);
                index = Index.of(u.candidates.stream().filter(c -> !held.containsKey(c.name())).toList());
            }
            Resolver resolver = Resolver.builder(index).hostArchitecture(architecture).timeLimit(resolveTimeLimit)
                    .build();
            Plan plan = resolver.resolve(installed, request);
            List<String> orphans = List.of();
            if (autoremove) {
                Set<String> gone = new HashSet<>(removing);
                plan.remove().forEach(c -> gone.add(c.name()));
                // a hold outlives its users, and keeps what the held package needs
                List<String> found = removableOrphans(tx.database().installed(), gone);
                orphans = found;
                if (!found.isEmpty()) {
                    List<Candidate> remove = new ArrayList<>(plan.remove());
                    Map<String, Candidate> byName = new HashMap<>();
                    installed.forEach(c -> byName.put(c.name(), c));
                    found.forEach(n -> remove.add(byName.get(n)));
                    List<Candidate> result = plan.result().stream().filter(c -> !found.contains(c.name())).toList();
                    plan = new Plan(plan.install(), plan.upgrade(), remove, plan.unpackOrder(), result, plan.optimal());
                }
            }
            for (Plan.Upgrade up : plan.upgrade()) {
                if (up.to().version().compareTo(up.from().version()) < 0 && !namedVersions.contains(up.to().name())) {
                    throw new DowngradeRefusedException("refusing to downgrade " + up.to().name() + " from "
                            + up.from().version() + " to " + up.to().version() + " (ask for " + up.to().name() + "="
                            + up.to().version() + " to downgrade on purpose)");
                }
            }
            if (!reinstall.isEmpty()) {
                plan = withReinstalls(plan, installed, reinstall);
            }
            List<String> keptBack = request.upgradeAll() ? keptBack(installedNow, plan, held.keySet()) : List.of();
            if (plan.isEmpty()) {
                if (!options.downloadOnly()) { // download-only leaves the root as it is
                    markExplicit(tx, explicit, plan);
                }
                return new OperationResult(plan, OperationResult.Status.NOTHING_TO_DO, null, recovery, List.of(), yanked,
                        keptBack);
            }
            if (!approval.approve(plan, sizes(plan, u, installedNow))) {
                return new OperationResult(plan, OperationResult.Status.DECLINED, null, recovery, List.of(), yanked,
                        keptBack);
            }
            InstallPlan.Builder ip = InstallPlan.builder();
            List<Candidate> targets = plan.unpackOrder();
            List<Entry> entries = new ArrayList<>();
            Map<String, Cid> payloads = new HashMap<>();
            for (Candidate c : targets) {
                Entry e = u.entries.get(c.key());
                if (e == null) {
                    throw new DpmException("the plan names " + c.key() + ", which is not in the index");
                }
                entries.add(e);
                if (e.manifest.payload() != null) {
                    payloads.put(c.name(), e.manifest.payload());
                }
            }
            List<PackageContent> contents = fetchAll(entries);
            if (options.downloadOnly()) {
                return new OperationResult(plan, OperationResult.Status.DOWNLOADED, null, recovery, List.of(), yanked,
                        keptBack);
            }
            for (int i = 0; i < targets.size(); i++) {
                Candidate c = targets.get(i);
                InstallReason reason = explicit.contains(c.name()) ? InstallReason.EXPLICIT : InstallReason.DEPENDENCY;
                ip.install(entries.get(i).manifest, contents.get(i), reason);
            }
            List<String> removedNames = new ArrayList<>();
            for (Candidate c : plan.remove()) {
                ip.remove(c.name());
                removedNames.add(c.name());
            }
            Map<String, Cid> oldPayloads = new HashMap<>();
            for (InstalledPackage p : installedNow) {
                Manifest m = decodeInstalled(p);
                if (m.payload() != null) {
                    oldPayloads.put(p.name(), m.payload());
                }
            }
            tx.prepare(ip.build());
            TransactionResult result = tx.commit();
            seed(payloads, removedNames, oldPayloads);
            markExplicit(tx, explicit, plan);
            List<String> stillYanked = new ArrayList<>();
            for (Candidate c : plan.result()) {
                if (db.index().find(c.name(), c.version().toString()).map(ReleaseRecord::yanked).orElse(false)) {
                    stillYanked.add(c.name() + " " + c.version());
                }
            }
            return new OperationResult(plan, OperationResult.Status.DONE, result, recovery, orphans, stillYanked,
                    keptBack);
        }
    }

    /** What {@code plan} fetches (payloads not in the repository yet) and how it changes the installed size. */
    private PlanSizes sizes(Plan plan, Universe u, List<InstalledPackage> installedNow) throws DpmException {
        // the payload's root block stands for the whole DAG: a cheap look, right for reinstalls and
        // the cache remove leaves; an interrupted fetch that stored the root counts as present
        long fetch = 0;
        int releases = 0;
        long delta = 0;
        for (Candidate c : plan.unpackOrder()) {
            Entry e = u.entries.get(c.key());
            if (e == null) {
                continue; // refused below, naming it
            }
            Manifest m = e.manifest;
            delta += m.installedSize();
            if (m.payload() != null && repo != null && !repo.blockstore().has(m.payload())) {
                fetch += m.payloadSize();
                releases++;
            }
        }
        Set<String> replaced = new HashSet<>();
        plan.upgrade().forEach(up -> replaced.add(up.from().name()));
        plan.remove().forEach(c -> replaced.add(c.name()));
        for (InstalledPackage p : installedNow) {
            if (replaced.contains(p.name())) {
                delta -= decodeInstalled(p).installedSize();
            }
        }
        return new PlanSizes(fetch, releases, delta);
    }

    /**
     * {@code plan} with each named package that it leaves at its installed release installed again over
     * itself (an upgrade from a release to the same one, unpacked last: its dependencies are in place).
     */
    private static Plan withReinstalls(Plan plan, List<Candidate> installed, Set<String> names) {
        Set<String> touched = new HashSet<>();
        plan.unpackOrder().forEach(c -> touched.add(c.name()));
        plan.remove().forEach(c -> touched.add(c.name()));
        List<Plan.Upgrade> upgrade = new ArrayList<>(plan.upgrade());
        List<Candidate> unpack = new ArrayList<>(plan.unpackOrder());
        for (Candidate c : installed) {
            if (names.contains(c.name()) && !touched.contains(c.name())) {
                upgrade.add(new Plan.Upgrade(c, c));
                unpack.add(c);
            }
        }
        return new Plan(plan.install(), upgrade, plan.remove(), unpack, plan.result(), plan.keptYanked(), plan.optimal());
    }

    /** Installed packages an upgrade plan leaves below their newest release that is not yanked (apt's "kept back"). */
    private List<String> keptBack(List<InstalledPackage> installedNow, Plan plan, Set<String> held) throws DpmException {
        Set<String> moving = new HashSet<>();
        plan.upgrade().forEach(u -> moving.add(u.to().name()));
        plan.remove().forEach(c -> moving.add(c.name()));
        List<String> out = new ArrayList<>();
        for (InstalledPackage p : installedNow) {
            if (moving.contains(p.name())) {
                continue;
            }
            Optional<ReleaseRecord> newest = newest(db.index().releases(p.name()), true);
            if (newest.isPresent() && DebianVersion.of(newest.get().version()).compareTo(DebianVersion.of(p.version())) > 0) {
                out.add(p.name() + " " + p.version() + " (" + newest.get().version() + " available"
                        + (held.contains(p.name()) ? ", held" : "") + ")");
            }
        }
        return out;
    }

    /**
     * {@code request} with every held package kept at its installed version; refuses a request that
     * names a held package with another version or for removal (apt: "held packages were changed").
     */
    private static Request holding(Request request, Map<String, InstalledPackage> held) throws HeldPackageException {
        for (String name : request.remove()) {
            InstalledPackage p = held.get(name);
            if (p != null) {
                throw heldRefusal(p, "remove it");
            }
        }
        for (Relation r : request.install()) {
            InstalledPackage p = held.get(r.name());
            if (p != null && r.version() != null && !r.version().equals(DebianVersion.of(p.version()))) {
                throw heldRefusal(p, "install " + r.name() + " " + r.version());
            }
        }
        List<Relation> install = new ArrayList<>(request.install());
        for (InstalledPackage p : held.values()) {
            install.add(Relation.of(p.name(), dev.dpm.core.manifest.RelationOp.EQ, DebianVersion.of(p.version())));
        }
        return new Request(install, request.remove(), request.upgradeAll());
    }

    private static HeldPackageException heldRefusal(InstalledPackage p, String what) {
        return new HeldPackageException(p.name(), p.name() + " is held at " + p.version() + ": refusing to " + what
                + " (run `dpm unhold " + p.name() + "` first); nothing changed");
    }

    /**
     * A package the user asked for by name that was installed as a dependency, and that the plan does not
     * touch, becomes explicitly installed (as apt marks it manual), so autoremove keeps it.
     */
    private static void markExplicit(Transaction tx, Set<String> explicit, Plan plan) throws DpmException {
        Set<String> touched = new HashSet<>();
        plan.unpackOrder().forEach(c -> touched.add(c.name()));
        plan.remove().forEach(c -> touched.add(c.name()));
        List<String> names = new ArrayList<>();
        for (String name : explicit) {
            if (!touched.contains(name) && tx.database().installed().find(name)
                    .filter(p -> p.reason() == InstallReason.DEPENDENCY).isPresent()) {
                names.add(name);
            }
        }
        if (!names.isEmpty()) {
            tx.database().write(w -> {
                for (String n : names) {
                    w.installed().setReason(n, InstallReason.EXPLICIT);
                }
                return null;
            });
        }
    }

    /** Payloads fetched at once (several releases in flight: small DAGs are latency-bound). */
    static final int PARALLEL_FETCHES = 8;

    /**
     * Fetches the payloads of {@code entries}, up to {@link #PARALLEL_FETCHES} at a time, and returns their
     * contents in the same order; the first failure (in plan order) is thrown once all have stopped.
     * All are one {@link FetchSession}: a peer dropped by one fetch (a trickler) is not asked, nor
     * waited for, again by the others.
     */
    private List<PackageContent> fetchAll(List<Entry> entries) throws DpmException, InterruptedException {
        // one sync of the repository after all the fetches (below), not one per package: syncs run one at
        // a time, and an install of many small packages paid one round of fsyncs for each
        FetchSession session = new FetchSession(true);
        List<java.util.concurrent.Future<PackageContent>> futures = new ArrayList<>();
        java.util.concurrent.Semaphore slots = new java.util.concurrent.Semaphore(PARALLEL_FETCHES);
        try (var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            var completed = new java.util.concurrent.ExecutorCompletionService<PackageContent>(executor);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int index = i + 1;
                futures.add(completed.submit(() -> {
                    slots.acquire();
                    try {
                        return fetch(e, index, entries.size(), session);
                    } finally {
                        slots.release();
                    }
                }));
            }
            // Watched in the order they end, not in plan order: a failure stops the others at once, even
            // a long fetch before it in the plan; an interrupt stops them all (closing the executor waits
            // for them, and would wait for whole transfers if they were not cancelled).
            try {
                boolean failed = false;
                for (int left = futures.size(); left > 0; left--) {
                    var f = completed.take();
                    if (!failed && f.state() == java.util.concurrent.Future.State.FAILED) {
                        failed = true;
                        futures.forEach(other -> other.cancel(true));
                    }
                }
            } catch (InterruptedException ex) {
                futures.forEach(other -> other.cancel(true));
                throw ex;
            }
            List<PackageContent> out = new ArrayList<>();
            DpmException first = null;
            for (var f : futures) { // all have ended
                try {
                    out.add(f.get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    if (first == null) {
                        first = ex.getCause() instanceof DpmException d ? d
                                : new DpmException("fetching failed: " + ex.getCause(), ex.getCause());
                    }
                    futures.forEach(other -> other.cancel(true));
                } catch (java.util.concurrent.CancellationException ex) {
                    // cancelled after an earlier failure, which is thrown below
                }
            }
            if (first != null) {
                throw first;
            }
            try {
                requireRepo().blockstore().sync(); // durable before they are installed and pinned
            } catch (ContentException ex) {
                throw new DpmException("cannot sync " + requireRepo().dir() + " after fetching: " + ex.getMessage(), ex);
            }
            return out;
        }
    }

    /** Fetches the payload of one release into the repository (resumes; blocks verified by CID). */
    private PackageContent fetch(Entry e, int index, int total, FetchSession session)
            throws DpmException, InterruptedException {
        Manifest m = e.manifest;
        String release = m.name() + " " + m.version();
        Repo r = requireRepo();
        try {
            r.blockstore().put(Cid.raw(e.record.manifest()), e.record.manifest());
        } catch (ContentException ex) {
            throw new DpmException("cannot store the manifest of " + release + " in " + r.dir() + ": "
                    + ex.getMessage(), ex);
        }
        if (m.payload() == null) {
            return (entry, out) -> {
                throw new DpmException(release + " has no payload but lists " + entry.path());
            };
        }
        if (fetcher == null) {
            // a reinstall, or what another root of this home installed: the blocks may all be here
            try {
                dev.dpm.content.DagWalker.walk(r.blockstore(), m.payload(), (cid, block) -> { });
                return new BlockstorePackageContent(r.blockstore(), m.payload(), m.name());
            } catch (dev.dpm.content.MissingBlockException missing) {
                throw new NoStoragePeersException("no storage peers configured: cannot fetch " + release
                        + " (" + missing.getMessage() + " in " + r.dir() + ")");
            } catch (ContentException ex) {
                throw new DpmException("cannot read the payload of " + release + " from " + r.dir() + ": "
                        + ex.getMessage(), ex);
            }
        }
        listener.fetchStarted(release, m.payload(), m.payloadSize(), index, total);
        try {
            FetchSummary s = fetcher.fetch(m.payload(), r.blockstore(), new FetchListener() {
                @Override
                public void progress(FetchProgress progress) {
                    listener.fetchProgress(release, progress);
                }

                @Override
                public void peerDropped(Peer peer, PeerFault fault, String reason) {
                    listener.peerDropped(peer, fault, reason);
                }
            }, session);
            listener.fetchFinished(release, s);
        } catch (StorageException ex) {
            throw new FetchFailedException("cannot fetch " + release + " (payload " + m.payload() + "): "
                    + ex.getMessage(), ex);
        }
        return new BlockstorePackageContent(r.blockstore(), m.payload(), m.name());
    }

    /** Pins what is now installed and unpins what was removed or replaced (seeding). */
    private void seed(Map<String, Cid> installedPayloads, List<String> removed, Map<String, Cid> oldPayloads)
            throws DpmException {
        if (!seed || repo == null) {
            return;
        }
        // this root's own hold on the pins: a publisher's pin of the same payload, or another root's, stays
        String holder = seedHolder();
        try {
            for (Map.Entry<String, Cid> e : installedPayloads.entrySet()) {
                Cid old = oldPayloads.get(e.getKey());
                repo.pin(e.getValue(), holder);
                if (old != null && !old.equals(e.getValue())) {
                    repo.unpin(old, holder);
                }
            }
            for (String name : removed) {
                Cid old = oldPayloads.get(name);
                if (old != null) {
                    repo.unpin(old, holder);
                }
            }
        } catch (ContentException e) {
            throw new DpmException("installed, but cannot update the pins of " + repo.dir() + ": " + e.getMessage(), e);
        }
    }

    /** The holder name of this root's seeding pins in the repository ({@code seed:/abs/root}). */
    public String seedHolder() {
        return "seed:" + root.toAbsolutePath().normalize();
    }

    // ---- helpers ----------------------------------------------------------------------------------

    /** The resolver's universe from the index, with each candidate's record and manifest. */
    private record Entry(ReleaseRecord record, Manifest manifest) {
    }

    private record Universe(Index index, List<Candidate> candidates, Map<String, Entry> entries) {
    }

    private Universe universe() throws DpmException {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, Entry> entries = new HashMap<>();
        for (String name : db.index().names()) {
            for (ReleaseRecord r : db.index().releases(name)) {
                Manifest m = decode(r);
                Candidate c = Candidate.of(m, r.yanked());
                candidates.add(c);
                entries.put(c.key(), new Entry(r, m));
            }
        }
        return new Universe(Index.of(candidates), candidates, entries);
    }

    private static Manifest decode(ReleaseRecord r) throws DpmException {
        try {
            return Manifest.fromCanonicalBytes(r.manifest());
        } catch (ManifestException e) {
            throw new DpmException("the index holds an undecodable manifest of "
                    + r.name() + "@" + r.version() + ": " + e.getMessage(), e);
        }
    }

    private Manifest decodeInstalled(InstalledPackage p) throws DpmException {
        try {
            return Manifest.fromCanonicalBytes(p.manifest());
        } catch (ManifestException e) {
            throw new DpmException(db.file() + ": the recorded manifest of installed " + p.name() + " does not decode: "
                    + e.getMessage(), e);
        }
    }

    private static Optional<ReleaseRecord> newest(List<ReleaseRecord> all, boolean skipYanked) {
        return all.stream().filter(r -> !skipYanked || !r.yanked())
                .max(Comparator.comparing(r -> DebianVersion.of(r.version())));
    }

    /** Parses {@code NAME} or {@code NAME=VERSION}. */
    static Relation parseSpec(String spec) throws InvalidRequestException {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        if (!Relation.isValidName(name)) {
            throw new InvalidRequestException("bad package name '" + name + "' in '" + spec
                    + "' (names match [a-z0-9][a-z0-9+.-]+)");
        }
        if (eq < 0) {
            return Relation.any(name);
        }
        try {
            return Relation.of(name, dev.dpm.core.manifest.RelationOp.EQ, DebianVersion.parse(spec.substring(eq + 1)));
        } catch (VersionFormatException e) {
            throw new InvalidRequestException("bad version in '" + spec + "': " + e.getMessage());
        }
    }

    private ChainReader requireChain() throws DpmException {
        if (chain == null) {
            throw new DpmException("no chain configured: set `rpc` and `chainId` (see README, Configuration)");
        }
        return chain;
    }

    private String requireRegistry() throws DpmException {
        if (registry == null) {
            throw new DpmException("no registry configured: set `registry` (see README, Configuration)");
        }
        return registry;
    }

    private Repo requireRepo() throws DpmException {
        if (repo == null) {
            throw new DpmException("no local repository configured");
        }
        return repo;
    }

    @Override
    public void close() {
        if (chain != null) {
            chain.close();
        }
        if (fetcher instanceof AutoCloseable c) { // e.g. HttpDagFetcher's idle keep-alive connections
            try {
                c.close();
            } catch (Exception e) {
                // closing idle connections: nothing the caller could act on
            }
        }
        db.close();
    }

    /** Configuration of a {@link PackageManager}. Not thread-safe. */
    public static final class Builder {
        /** Default blocks per {@code eth_getLogs} page. */
        public static final long DEFAULT_LOG_PAGE_BLOCKS = 2_000;

        private final Path root;
        private Repo repo;
        private Function<HighestSeenStore, ChainReader> chainFactory;
        private long chainId = -1;
        private String registry;
        private long registryFromBlock;
        private DagFetcher fetcher;
        private RegistryWriter writer;
        private PackageManagerListener listener = PackageManagerListener.SILENT;
        private boolean seed = true;
        private String architecture = "amd64";
        private long logPageBlocks = DEFAULT_LOG_PAGE_BLOCKS;
        private java.time.Duration resolveTimeLimit = java.time.Duration.ofSeconds(2);

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root).toAbsolutePath().normalize();
        }

        /** The user's node repository: payloads are fetched into it and pinned while installed. */
        public Builder repo(Repo r) {
            this.repo = r;
            return this;
        }

        /**
         * The chain, as a factory given the root's rollback store ({@link DatabaseHighestSeenStore}) so
         * that the highest block seen is kept with the root. {@code chainId} names the chain for that store.
         */
        public Builder chain(long chainId, Function<HighestSeenStore, ChainReader> factory) {
            this.chainId = chainId;
            this.chainFactory = factory;
            return this;
        }

        /**
         * The chain through {@link VerifiedChainReader} on {@code endpoints} (cross-checked when two or more),
         * reading event logs in pages of {@link #logPageBlocks(long)} blocks.
         */
        public Builder rpc(List<URI> endpoints, long chainId, long freshnessSeconds) {
            List<URI> copy = List.copyOf(endpoints);
            return chain(chainId, store -> VerifiedChainReader.builder().endpoints(copy).chainId(chainId)
                    .freshnessSeconds(freshnessSeconds).highestSeenStore(store).logPageBlocks(logPageBlocks).build());
        }

        /**
         * Blocks per {@code eth_getLogs} page when the chain is given by {@link #rpc} (default
         * {@value #DEFAULT_LOG_PAGE_BLOCKS}). The manifests ride in the events, so a page of busy blocks
         * is large; the reader splits a page whose answer exceeds its response bound (16 MiB) in halves,
         * so any page size is correct. The smaller default only avoids downloading up to 16 MiB that is
         * then thrown away and read again in halves on a busy chain.
         */
        public Builder logPageBlocks(long blocks) {
            if (blocks < 1) {
                throw new IllegalArgumentException("logPageBlocks must be >= 1");
            }
            this.logPageBlocks = blocks;
            return this;
        }

        /** Address of the registry contract (0x-prefixed). */
        public Builder registry(String address) {
            this.registry = address == null ? null : address.toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /**
         * The block the registry was deployed in (default 0): {@code update} reads no older events, on a
         * first sync and on a rebuild after a reorganisation.
         */
        public Builder registryFromBlock(long block) {
            if (block < 0) {
                throw new IllegalArgumentException("registryFromBlock " + block + " is negative");
            }
            this.registryFromBlock = block;
            return this;
        }

        /**
         * How payloads are fetched (e.g. {@code HttpDagFetcher} over the configured peers); closed with
         * the package manager when it is {@link AutoCloseable}.
         */
        public Builder fetcher(DagFetcher f) {
            this.fetcher = f;
            return this;
        }

        /** The account's registry writer, needed only to publish. */
        public Builder writer(RegistryWriter w) {
            this.writer = w;
            return this;
        }

        public Builder listener(PackageManagerListener l) {
            this.listener = Objects.requireNonNull(l);
            return this;
        }

        /** Whether installed payloads stay pinned in the repository for peers (default true). */
        public Builder seed(boolean on) {
            this.seed = on;
            return this;
        }

        /** How long the resolver may optimise before it returns the best plan found (default 2 s). */
        public Builder resolveTimeLimit(java.time.Duration d) {
            this.resolveTimeLimit = Objects.requireNonNull(d);
            return this;
        }

        /** The host architecture (default amd64; {@code all} is always accepted). */
        public Builder architecture(String arch) {
            this.architecture = Objects.requireNonNull(arch);
            return this;
        }

        /**
         * Opens the root's database (creating the root's state directory if needed) and the chain reader.
         *
         * @throws DatabaseException when the database cannot be opened
         */
        public PackageManager build() throws DpmException {
            LocalDatabase db = LocalDatabase.open(root);
            ChainReader chain = null;
            try {
                if (chainFactory != null) {
                    chain = chainFactory.apply(new DatabaseHighestSeenStore(db, root, chainId));
                }
            } catch (RuntimeException e) {
                db.close();
                throw new DpmException("cannot set up the chain reader: " + e.getMessage(), e);
            }
            return new PackageManager(this, db, chain);
        }
    }
}
