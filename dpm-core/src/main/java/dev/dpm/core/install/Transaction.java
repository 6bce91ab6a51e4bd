package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.db.FileType;
import dev.dpm.core.db.HistoryAction;
import dev.dpm.core.db.HistoryEntry;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledFile;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.install.Journal.Kind;
import dev.dpm.core.install.Journal.Op;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * One change to an install root, as an explicit state machine (libalpm's {@code trans.c}):
 * {@link Installer#begin} takes the root lock and recovers anything interrupted ({@code INITIALIZED});
 * {@link #prepare} checks the plan without touching anything ({@code PREPARED}); {@link #commit}
 * stages, journals, applies and records ({@code COMMITTED}); {@link #close} releases the lock. Each
 * call asserts the state it needs and throws {@link IllegalStateException} otherwise.
 *
 * <p>Guarantee: after {@code commit} returns or throws, or after the process dies at any point,
 * the root and the database are either as before the transaction or as after it (see
 * docs/INSTALL.md). Not thread-safe: one thread drives a transaction.
 */
public final class Transaction implements AutoCloseable {
    /** Where a transaction is. */
    public enum State {
        INITIALIZED, PREPARED, COMMITTED, FAILED, CLOSED
    }

    /** Room kept free beyond the files' bytes, for metadata, the journal and the database. */
    private static final long SPACE_MARGIN = 1 << 20;
    private static final long SPACE_PER_ENTRY = 4096;

    private final RootLayout layout;
    private final RootLock lock;
    private final LocalDatabase db;
    private final TransactionListener listener;
    private final RecoveryReport recovery;
    private final Clock clock;
    private final String id;
    private State state = State.INITIALIZED;
    private Prepared prepared;

    /** What prepare computed and commit executes. */
    private record Prepared(InstallPlan plan, Map<String, InstalledPackage> before, List<Op> ops,
            List<Staged> staging, long bytes, List<ConfigFileNote> configFiles) {
    }

    /**
     * What happens to configuration files the administrator changed (dpkg's conffile rules, pacman's
     * .pacnew/.pacsave): {@code keep} are claimed paths left as they are, {@code beside} maps some of
     * them to where the new release's version goes instead, {@code save} maps removed paths to where
     * they are moved.
     */
    private record ConfigPlan(Set<String> keep, Map<String, String> beside, Map<String, String> save,
            List<ConfigFileNote> notes) {
    }

    /** One file or symlink to stage. */
    private record Staged(String packageName, FileEntry entry, PackageContent content, String stagedPath) {
    }

    /** One claim on a path by a package of the transaction. */
    private record Claim(String packageName, FileEntry entry, PackageContent content) {
    }

    Transaction(RootLayout layout, RootLock lock, LocalDatabase db, TransactionListener listener,
            RecoveryReport recovery, Clock clock) {
        this.layout = layout;
        this.lock = lock;
        this.db = db;
        this.listener = listener;
        this.recovery = recovery;
        this.clock = clock;
        this.id = Instant.now(clock).toString().replace(':', '-') + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This transaction's id (the name of its staging directory, and its history key). */
    public String id() {
        return id;
    }

    public State state() {
        return state;
    }

    /** What {@link Installer#begin} recovered before this transaction started. */
    public RecoveryReport recovery() {
        return recovery;
    }

    /** The root's database, for reads while the lock is held (e.g. the resolver's installed set). */
    public LocalDatabase database() {
        return db;
    }

    /** The root's layout. */
    public RootLayout layout() {
        return layout;
    }

    private void require(State expected) {
        if (state != expected) {
            throw new IllegalStateException("transaction " + id + " is " + state + ", expected " + expected);
        }
        if (!lock.isHeld()) {
            throw new IllegalStateException("transaction " + id + " lost its lock " + lock.file());
        }
    }

    /**
     * Installed packages that were installed as dependencies and that no remaining explicitly
     * installed package needs (directly or through other packages), once {@code removing} are gone.
     */
    public List<String> orphansAfterRemoving(Collection<String> removing) throws DpmException {
        require(State.INITIALIZED);
        return Autoremove.orphans(db.installed(), removing);
    }

    /**
     * Checks {@code plan} against the root without changing anything: removed packages are
     * installed, manifests are valid, no file conflicts (all reported at once), enough free space.
     *
     * @throws FileConflictException listing every conflicting path with its owners
     * @throws InsufficientSpaceException when the filesystem is too full
     * @throws TransactionException for anything else wrong with the plan
     */
    public void prepare(InstallPlan plan) throws DpmException {
        require(State.INITIALIZED);
        listener.stepStarted(TransactionStep.PREPARE);
        Map<String, InstalledPackage> before = new LinkedHashMap<>();
        for (InstalledPackage p : db.installed().all()) {
            before.put(p.name(), p);
        }
        for (String name : plan.removals()) {
            if (!before.containsKey(name)) {
                throw new TransactionException("cannot remove " + name + ": it is not installed");
            }
        }
        // Packages whose current files this transaction takes over or deletes.
        Set<String> replaced = new TreeSet<>(plan.removals());
        TreeMap<String, List<Claim>> claims = new TreeMap<>();
        for (InstallPlan.Install install : plan.installs()) {
            Manifest m = install.manifest();
            try {
                m.validate();
            } catch (ManifestException e) {
                throw new TransactionException("cannot install " + m.name() + ": " + e.getMessage(), e);
            }
            if (before.containsKey(m.name())) {
                replaced.add(m.name());
            }
            for (FileEntry f : m.files()) {
                checkPath(m.name(), f.path());
                claims.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(new Claim(m.name(), f, install.content()));
            }
        }
        // Old paths of the replaced packages, and who else owns them.
        Map<String, List<InstalledFile>> oldFiles = new TreeMap<>();
        for (String name : replaced) {
            for (InstalledFile f : db.installed().files(name)) {
                oldFiles.computeIfAbsent(f.path(), k -> new ArrayList<>()).add(f);
            }
        }
        List<FileConflict> conflicts = new ArrayList<>();
        Set<String> removedOnDisk = new TreeSet<>();
        for (Map.Entry<String, List<InstalledFile>> e : oldFiles.entrySet()) {
            boolean nonDir = e.getValue().stream().anyMatch(f -> f.type() != FileType.DIR);
            List<Claim> c = claims.get(e.getKey());
            boolean claimedAsNonDir = c != null && c.stream().anyMatch(x -> x.entry().type() != FileEntry.Type.DIR);
            if (nonDir && !claimedAsNonDir && FsOps.exists(layout.resolve(e.getKey()))) {
                removedOnDisk.add(e.getKey());
            }
        }
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            FileConflict conflict = conflictOf(e.getKey(), e.getValue(), claims, replaced, removedOnDisk,
                    oldFiles.keySet());
            if (conflict != null) {
                conflicts.add(conflict);
            }
        }
        if (!conflicts.isEmpty()) {
            throw new FileConflictException(conflicts);
        }
        ConfigPlan config = configPlan(plan, before, replaced, claims, oldFiles, removedOnDisk);
        // A saved configuration file stays in its directory: one that becomes a file is then in the way.
        for (Map.Entry<String, String> e : config.save().entrySet()) {
            for (String parent : parents(e.getKey())) {
                List<Claim> pc = claims.get(parent);
                if (pc != null && pc.stream().anyMatch(c -> c.entry().type() != FileEntry.Type.DIR)) {
                    conflicts.add(new FileConflict(parent, pc.stream().map(Claim::packageName).distinct().toList(),
                            List.of(), "a directory holding the changed configuration file " + e.getKey()
                            + " (it would be saved there as " + e.getValue() + ")"));
                }
            }
        }
        if (!conflicts.isEmpty()) {
            throw new FileConflictException(conflicts);
        }
        List<Op> ops = new ArrayList<>();
        List<Staged> staging = new ArrayList<>();
        String stagingRel = layout.root().relativize(layout.stagingDir().resolve(id)).toString();
        int counter = 0;
        // 1. Files and symlinks of replaced packages that nobody claims: moved aside, deepest first.
        TreeSet<String> removalSet = new TreeSet<>(removedOnDisk);
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            Path p = layout.resolve(e.getKey());
            boolean wantsDir = e.getValue().get(0).entry().type() == FileEntry.Type.DIR;
            if (wantsDir && FsOps.exists(p) && !FsOps.isDirectory(p)) {
                removalSet.add(e.getKey()); // a replaced package's file becomes a directory
            }
        }
        List<String> removals = new ArrayList<>(removalSet.descendingSet());
        // 2. Directories of replaced packages nobody else owns or claims: removed if empty, deepest first.
        List<String> rmdirs = new ArrayList<>();
        for (Map.Entry<String, List<InstalledFile>> e : oldFiles.entrySet()) {
            String path = e.getKey();
            List<Claim> c = claims.get(path);
            boolean claimedAsDir = c != null && c.get(0).entry().type() == FileEntry.Type.DIR;
            if (e.getValue().stream().anyMatch(f -> f.type() != FileType.DIR) || claimedAsDir
                    || !FsOps.isDirectory(layout.resolve(path))) {
                continue;
            }
            boolean ownedByOthers = db.installed().owners(path).stream().anyMatch(f -> !replaced.contains(f.owner()));
            if (!ownedByOthers) {
                rmdirs.add(path);
            }
        }
        rmdirs.sort(java.util.Comparator.reverseOrder());
        // Existing directories whose entries change but that the owner may not write (e.g. 0555): made
        // writable first (UNLOCK), original bits restored last (DIRMODE); matters when not running as root.
        TreeMap<String, Integer> unlocks = new TreeMap<>();
        List<String> touched = new ArrayList<>(removals);
        touched.addAll(rmdirs);
        touched.addAll(claims.keySet());
        for (String path : touched) {
            int slash = path.lastIndexOf('/');
            if (slash < 0 || unlocks.containsKey(path.substring(0, slash))) {
                continue;
            }
            String parent = path.substring(0, slash);
            Path pp = layout.resolve(parent);
            if (FsOps.isDirectory(pp)) {
                int mode = modeOf(pp);
                if ((mode & 0300) != 0300) {
                    unlocks.put(parent, mode);
                }
            }
        }
        for (Map.Entry<String, Integer> e : unlocks.entrySet()) {
            ops.add(new Op(Kind.UNLOCK, e.getKey(), null, null, e.getValue()));
        }
        for (String path : removals) {
            // A changed configuration file is moved to PATH.dpmsave (undone like any move aside).
            String aside = config.save().containsKey(path) ? config.save().get(path) : stagingRel + "/old/" + (counter++);
            ops.add(new Op(Kind.REMOVE, path, null, aside, 0));
        }
        for (String path : rmdirs) {
            int mode = modeOf(layout.resolve(path));
            // An unlocked directory is recreated writable on undo; its UNLOCK undo restores the bits.
            ops.add(new Op(Kind.RMDIR, path, null, null, unlocks.containsKey(path) ? mode | 0700 : mode));
        }
        // 3. Directories to create: claimed ones and missing parents, parents first.
        TreeMap<String, Integer> mkdirs = new TreeMap<>();
        Set<String> removedSet = new TreeSet<>(removals);
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            String path = e.getKey();
            for (String parent : parents(path)) {
                if (!claims.containsKey(parent) && missingAfterRemovals(parent, removedSet)) {
                    mkdirs.putIfAbsent(parent, 0755);
                }
            }
            FileEntry first = e.getValue().get(0).entry();
            if (first.type() == FileEntry.Type.DIR && missingAfterRemovals(path, removedSet)) {
                mkdirs.put(path, first.mode());
            }
        }
        for (Map.Entry<String, Integer> e : mkdirs.entrySet()) {
            ops.add(new Op(Kind.MKDIR, e.getKey(), null, null, e.getValue()));
        }
        // 4. Files and symlinks: staged, then moved into place (over the old version, moved aside).
        long bytes = 0;
        for (Map.Entry<String, List<Claim>> e : claims.entrySet()) {
            Claim c = e.getValue().get(0);
            if (c.entry().type() == FileEntry.Type.DIR) {
                continue;
            }
            String path = e.getKey();
            if (config.keep().contains(path)) {
                path = config.beside().get(path);
                if (path == null) {
                    continue;
                }
            }
            String staged = stagingRel + "/new/" + (counter++);
            Path target = layout.resolve(path);
            // A directory of the old version becoming a file goes by RMDIR (checked empty-able in conflictOf).
            // a changed configuration file a symlink replaces is moved to its PATH.dpmsave, not to staging
            String backup = !FsOps.exists(target) || FsOps.isDirectory(target) ? null
                    : path.equals(e.getKey()) && config.save().containsKey(path) ? config.save().get(path)
                    : stagingRel + "/old/" + (counter++);
            if (!path.equals(e.getKey()) && FsOps.isDirectory(target)) {
                throw new TransactionException("cannot install " + c.packageName() + ": " + path
                        + " is a directory (the new version of the changed configuration file " + e.getKey()
                        + " goes there)");
            }
            ops.add(new Op(Kind.PUT, path, staged, backup, c.entry().mode()));
            staging.add(new Staged(c.packageName(), c.entry(), c.content(), staged));
            bytes += c.entry().size();
        }
        // 5. Final modes of created directories, deepest first (a read-only parent last).
        for (String path : mkdirs.descendingKeySet()) {
            ops.add(new Op(Kind.DIRMODE, path, null, null, mkdirs.get(path)));
        }
        for (String path : unlocks.descendingKeySet()) {
            ops.add(new Op(Kind.DIRMODE, path, null, null, unlocks.get(path)));
        }
        checkSpace(bytes + SPACE_MARGIN + SPACE_PER_ENTRY * (long) ops.size());
        prepared = new Prepared(plan, before, List.copyOf(ops), List.copyOf(staging), bytes, config.notes());
        state = State.PREPARED;
    }

    /**
     * Decides, for every configuration file this transaction would overwrite or delete, whether the
     * administrator changed it: a file whose bytes differ from what its replaced owner recorded. A
     * changed file that a new release claims is kept (its new version written beside it as
     * {@code PATH.dpmnew} when that version differs from the old one); a changed file nothing claims
     * any more is saved as {@code PATH.dpmsave}. A missing one is installed again.
     */
    private ConfigPlan configPlan(InstallPlan plan, Map<String, InstalledPackage> before, Set<String> replaced,
            Map<String, List<Claim>> claims, Map<String, List<InstalledFile>> oldFiles, Set<String> removedOnDisk)
            throws DpmException {
        Set<String> keep = new TreeSet<>();
        Map<String, String> beside = new TreeMap<>();
        Map<String, String> save = new TreeMap<>();
        List<ConfigFileNote> notes = new ArrayList<>();
        for (InstallPlan.Install install : plan.installs()) {
            for (String path : install.manifest().conffiles()) {
                FileEntry entry = claims.get(path).get(0).entry();
                String recorded = recordedSha(oldFiles.get(path));
                String onDisk = recorded == null ? null : shaOnDisk(path, install.name());
                if (onDisk == null || onDisk.equals(recorded) || onDisk.equals(entry.sha256())) {
                    continue; // unchanged (or absent): the package's version goes in
                }
                keep.add(path);
                if (recorded.equals(entry.sha256())) {
                    notes.add(new ConfigFileNote(install.name(), path, ConfigFileNote.Outcome.KEPT, null));
                } else {
                    // a package this transaction removes (or upgrades to a release without it) gives it up
                    if (claims.containsKey(path + ".dpmnew") || db.installed().owners(path + ".dpmnew").stream()
                            .anyMatch(f -> !replaced.contains(f.owner()))) {
                        throw new TransactionException("cannot install " + install.name() + ": " + path
                                + " was changed locally, and " + path + ".dpmnew, where its new version would go,"
                                + " belongs to a package");
                    }
                    beside.put(path, path + ".dpmnew");
                    notes.add(new ConfigFileNote(install.name(), path, ConfigFileNote.Outcome.NEW_VERSION_BESIDE,
                            path + ".dpmnew"));
                }
            }
        }
        for (String name : replaced) {
            InstalledPackage old = before.get(name);
            for (String path : InstalledManifests.of(old).conffiles()) {
                // removed, or replaced by a symlink of a new release: either way the changed file would go
                List<Claim> claimed = claims.get(path);
                boolean becomesSymlink = claimed != null
                        && claimed.get(0).entry().type() == FileEntry.Type.SYMLINK && !keep.contains(path);
                if (!removedOnDisk.contains(path) && !becomesSymlink) {
                    continue;
                }
                String recorded = recordedSha(oldFiles.get(path));
                String onDisk = recorded == null ? null : shaOnDisk(path, name);
                if (onDisk == null || onDisk.equals(recorded)) {
                    continue;
                }
                java.util.Set<String> taken = new java.util.HashSet<>(save.values());
                taken.addAll(claims.keySet());
                String saved = freeName(path + ".dpmsave", taken);
                save.put(path, saved);
                notes.add(new ConfigFileNote(name, path, ConfigFileNote.Outcome.SAVED, saved));
            }
        }
        return new ConfigPlan(keep, beside, save, List.copyOf(notes));
    }

    private static String recordedSha(List<InstalledFile> owners) {
        if (owners == null) {
            return null;
        }
        return owners.stream().filter(f -> f.type() == FileType.FILE).map(InstalledFile::sha256).findFirst().orElse(null);
    }

    /** The SHA-256 of the regular file at {@code path}, or null when there is none. */
    private String shaOnDisk(String path, String pkg) throws TransactionException {
        Path p = layout.resolve(path);
        if (!FsOps.isRegularFile(p)) {
            return null;
        }
        try {
            return FsOps.sha256(p);
        } catch (IOException e) {
            throw new TransactionException("cannot read the configuration file " + p + " of " + pkg + ": "
                    + e.getMessage(), e);
        }
    }

    /** {@code name}, or {@code name.1}, {@code name.2}, ... : the first that neither exists nor is taken. */
    private String freeName(String name, Collection<String> taken) {
        String candidate = name;
        for (int i = 1; FsOps.exists(layout.resolve(candidate)) || taken.contains(candidate); i++) {
            candidate = name + "." + i;
        }
        return candidate;
    }

    private static int modeOf(Path p) throws TransactionException {
        try {
            return FsOps.mode(p);
        } catch (IOException e) {
            throw new TransactionException("cannot read the mode of " + p + ": " + e.getMessage(), e);
        }
    }

    private boolean missingAfterRemovals(String path, Set<String> removed) {
        return !FsOps.exists(layout.resolve(path)) || removed.contains(path);
    }

    private static List<String> parents(String path) {
        List<String> out = new ArrayList<>();
        int i = path.indexOf('/');
        while (i >= 0) {
            out.add(path.substring(0, i));
            i = path.indexOf('/', i + 1);
        }
        return out;
    }

    private void checkPath(String pkg, String path) throws TransactionException {
        Path p = layout.resolve(path).normalize();
        if (path.isEmpty() || path.startsWith("/") || !p.startsWith(layout.root()) || p.equals(layout.root())
                || p.startsWith(layout.stateDir())) {
            throw new TransactionException("cannot install " + pkg + ": path " + path
                    + " is outside the root or inside dpm's state directory");
        }
    }

    /** The conflict on {@code path}, or null. */
    private FileConflict conflictOf(String path, List<Claim> claimants, Map<String, List<Claim>> claims,
            Set<String> replaced, Set<String> removedOnDisk, Set<String> oldPaths) throws DatabaseException {
        List<String> installing = claimants.stream().map(Claim::packageName).distinct().toList();
        boolean wantsNonDir = claimants.stream().anyMatch(c -> c.entry().type() != FileEntry.Type.DIR);
        if (wantsNonDir && claimants.size() > 1) {
            return new FileConflict(path, installing, List.of(), null);
        }
        List<InstalledFile> owners = db.installed().owners(path);
        List<InstalledFile> staying = owners.stream().filter(f -> !replaced.contains(f.owner())).toList();
        boolean stayingNonDir = staying.stream().anyMatch(f -> f.type() != FileType.DIR);
        if (!staying.isEmpty() && (wantsNonDir || stayingNonDir)) {
            return new FileConflict(path, installing, staying.stream().map(InstalledFile::owner).toList(), null);
        }
        for (String parent : parents(path)) {
            List<Claim> pc = claims.get(parent);
            if (pc != null && pc.stream().anyMatch(c -> c.entry().type() != FileEntry.Type.DIR)) {
                return new FileConflict(path, installing, List.of(),
                        "parent " + parent + " is a file of " + pc.get(0).packageName());
            }
            Path pp = layout.resolve(parent);
            if (FsOps.exists(pp) && !FsOps.isDirectory(pp) && !removedOnDisk.contains(parent)) {
                return new FileConflict(path, installing, List.of(), "parent " + parent + " is "
                        + (Files.isSymbolicLink(pp) ? "a symlink" : "not a directory") + " on disk");
            }
        }
        Path p = layout.resolve(path);
        if (!FsOps.exists(p) || removedOnDisk.contains(path)) {
            return null;
        }
        boolean isDir = FsOps.isDirectory(p);
        if (wantsNonDir) {
            if (isDir) {
                // Allowed only when a replaced package owns the directory and everything in it, so that
                // it is empty (and removed) by the time the file moves in.
                return !owners.isEmpty() && holdsOnly(path, oldPaths) ? null
                        : new FileConflict(path, installing, List.of(), "a directory"
                                + (owners.isEmpty() ? "" : " holding unowned files") + " is on disk");
            }
            return owners.isEmpty() ? new FileConflict(path, installing, List.of(), "unowned "
                    + (Files.isSymbolicLink(p) ? "symlink" : "file") + " on disk") : null;
        }
        if (!isDir && owners.isEmpty()) {
            return new FileConflict(path, installing, List.of(), "unowned "
                    + (Files.isSymbolicLink(p) ? "symlink" : "file") + " on disk");
        }
        return null;
    }

    /** Whether every entry below directory {@code path} is one of {@code paths}. */
    private boolean holdsOnly(String path, Set<String> paths) {
        Path dir = layout.resolve(path);
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> !p.equals(dir)).allMatch(p -> paths.contains(layout.root().relativize(p).toString()));
        } catch (IOException | java.io.UncheckedIOException e) {
            return false;
        }
    }

    private void checkSpace(long needed) throws TransactionException {
        Path where = layout.stateDir();
        long available;
        try {
            available = Files.getFileStore(where).getUsableSpace();
        } catch (IOException e) {
            throw new TransactionException("cannot read free space of " + where + ": " + e.getMessage(), e);
        }
        if (available < needed) {
            throw new InsufficientSpaceException(where, needed, available);
        }
    }

    /**
     * Executes the prepared plan: stage and verify every file, write the journal, move files into
     * place, record the result in the database (the commit point), clean up.
     *
     * <p>On failure before the commit point the root is restored and the exception says so; when
     * even that fails, a {@link RecoveryException} says the journal is kept for the next run.
     *
     * @throws ContentMismatchException when a file's bytes do not match its manifest (nothing touched)
     */
    public TransactionResult commit() throws DpmException {
        require(State.PREPARED);
        Prepared p = prepared;
        state = State.FAILED; // until proven otherwise
        JournalRunner runner = new JournalRunner(layout);
        Path stagingDir = runner.stagingOf(id);
        // STAGE: nothing outside the staging directory is touched yet.
        try {
            listener.stepStarted(TransactionStep.STAGE);
            Files.createDirectories(stagingDir.resolve("new"));
            Files.createDirectories(stagingDir.resolve("old"));
            int done = 0;
            for (Staged s : p.staging()) {
                stage(s);
                listener.fileStaged(s.packageName(), s.entry().path(), s.entry().size(), ++done, p.staging().size());
            }
            FsOps.fsyncAll(p.staging().stream().filter(x -> x.entry().type() == FileEntry.Type.FILE)
                    .map(x -> layout.resolve(x.stagedPath())).toList());
            FsOps.fsyncDir(stagingDir.resolve("new"));
            FsOps.fsyncDir(stagingDir);
        } catch (IOException | DpmException | RuntimeException e) {
            discardStaging(runner);
            if (e instanceof DpmException d) {
                throw d;
            }
            if (e instanceof IOException io) {
                throw new TransactionException("staging under " + stagingDir + " failed: " + io.getMessage()
                        + " (nothing installed)", io);
            }
            throw (RuntimeException) e;
        }
        // JOURNAL: from here on, a crash is recovered from the journal.
        List<String> names = new ArrayList<>();
        p.plan().installs().forEach(i -> names.add(i.name()));
        names.addAll(p.plan().removals());
        Journal journal = new Journal(Journal.FORMAT, id, names, p.ops());
        try {
            listener.stepStarted(TransactionStep.JOURNAL);
            journal.write(layout.journal());
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(layout.journal());
            } catch (IOException ignored) {
                // Recovery at the next run finds a complete journal (rename is atomic) and undoes
                // nothing-yet-applied operations, which is harmless.
            }
            discardStaging(runner);
            throw new TransactionException("cannot write the journal " + layout.journal() + ": " + e.getMessage()
                    + " (nothing installed)", e);
        }
        // APPLY
        try {
            listener.stepStarted(TransactionStep.APPLY);
            runner.applyAll(journal, listener);
        } catch (IOException | RuntimeException e) {
            throw rollBack(runner, journal, "moving files into place failed: " + e.getMessage(), e);
        }
        // RECORD: the commit point.
        Instant now = Instant.now(clock);
        List<HistoryEntry> changes = new ArrayList<>();
        try {
            listener.stepStarted(TransactionStep.RECORD);
            db.write(w -> {
                for (InstallPlan.Install i : p.plan().installs()) {
                    Manifest m = i.manifest();
                    InstalledPackage old = p.before().get(m.name());
                    InstallReason reason = old != null && old.reason() == InstallReason.EXPLICIT
                            ? InstallReason.EXPLICIT : i.reason();
                    byte[] bytes = m.toCanonicalBytes();
                    w.installed().put(new InstalledPackage(m.name(), m.version().toString(),
                            dev.dpm.content.Cid.raw(bytes).toString(), bytes, reason, now), filesOf(m));
                    HistoryAction action = old == null ? HistoryAction.INSTALL
                            : old.manifestCid().equals(dev.dpm.content.Cid.raw(bytes).toString()) ? HistoryAction.REINSTALL
                            : HistoryAction.UPGRADE;
                    changes.add(new HistoryEntry(now, action, m.name(), old == null ? null : old.version(),
                            m.version().toString(), id));
                }
                for (String name : p.plan().removals()) {
                    w.installed().remove(name);
                    changes.add(new HistoryEntry(now, HistoryAction.REMOVE, name, p.before().get(name).version(),
                            null, id));
                }
                for (HistoryEntry h : changes) {
                    w.recordHistory(h);
                }
                w.markCommitted(id, now);
                return null;
            });
        } catch (DatabaseException | RuntimeException e) {
            throw rollBack(runner, journal, "recording in the database failed: " + e.getMessage(), e);
        }
        state = State.COMMITTED;
        // CLEANUP: the transaction is committed; if this fails, the next run finishes it (roll forward).
        try {
            listener.stepStarted(TransactionStep.CLEANUP);
            runner.cleanup(id);
        } catch (IOException | RuntimeException e) {
            // Committed: the journal (if still there) makes the next run roll forward and clean up.
        }
        int written = p.staging().size();
        // a directory that still holds something (an unowned file, a .dpmsave) was not removed
        int removed = (int) p.ops().stream().filter(o -> o.kind() == Kind.REMOVE
                || o.kind() == Kind.RMDIR && !FsOps.exists(layout.resolve(o.path()))).count();
        return new TransactionResult(id, changes, written, removed, p.bytes(), p.configFiles());
    }

    private static List<InstalledFile> filesOf(Manifest m) {
        List<InstalledFile> out = new ArrayList<>();
        for (FileEntry f : m.files()) {
            FileType type = switch (f.type()) {
                case FILE -> FileType.FILE;
                case DIR -> FileType.DIR;
                case SYMLINK -> FileType.SYMLINK;
            };
            out.add(new InstalledFile(f.path(), m.name(), type, f.mode(), f.size(), f.sha256(), f.target()));
        }
        return out;
    }

    private void discardStaging(JournalRunner runner) {
        try {
            FsOps.deleteTree(runner.stagingOf(id));
        } catch (IOException e) {
            // Left for the next run, which deletes staging without a journal (DISCARDED_STAGING).
        }
    }

    private DpmException rollBack(JournalRunner runner, Journal journal, String why, Exception cause) {
        try {
            runner.undoAll(journal);
            runner.cleanup(id);
            return new TransactionException("transaction " + id + " rolled back: " + why, cause);
        } catch (IOException | RuntimeException e) {
            e.addSuppressed(cause);
            return new RecoveryException(layout.journal(), why + "; rolling back failed too: " + e.getMessage()
                    + "; the next dpm run retries", e);
        }
    }

    /** Writes one file or symlink under staging, checking size and SHA-256 while copying. */
    private void stage(Staged s) throws IOException, DpmException {
        Path target = layout.resolve(s.stagedPath());
        FileEntry f = s.entry();
        if (f.type() == FileEntry.Type.SYMLINK) {
            Files.createSymbolicLink(target, Path.of(f.target()));
            return;
        }
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            VerifyingOutputStream out = new VerifyingOutputStream(Channels.newOutputStream(ch), f.size(), sha);
            try {
                s.content().copyTo(f, out);
            } catch (VerifyingOutputStream.TooLongException e) {
                throw new ContentMismatchException(s.packageName(), f.path(),
                        "longer than the manifest's size " + f.size());
            }
            if (out.count() != f.size()) {
                throw new ContentMismatchException(s.packageName(), f.path(),
                        out.count() + " bytes, the manifest says " + f.size());
            }
            String actual = HexFormat.of().formatHex(sha.digest());
            if (!actual.equals(f.sha256())) {
                throw new ContentMismatchException(s.packageName(), f.path(),
                        "sha256 " + actual + ", the manifest says " + f.sha256());
            }
        }
        FsOps.setMode(target, f.mode());
    }

    /** Releases the lock and the database; a prepared but uncommitted transaction changes nothing. */
    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        db.close();
        lock.close();
    }
}
