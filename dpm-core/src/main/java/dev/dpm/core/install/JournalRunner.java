package dev.dpm.core.install;

import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.install.Journal.Op;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a journal forward or undoes it, and recovers an interrupted transaction. Every operation
 * checks the state it finds, so running it again after a crash at any point ends in the same state.
 *
 * <p>Cleanup deletes the journal before the staging directory: while the journal exists, everything
 * it names under staging is intact, which is what makes undoing unambiguous.
 */
final class JournalRunner {
    private final RootLayout layout;

    JournalRunner(RootLayout layout) {
        this.layout = layout;
    }

    private Path p(String relative) {
        return layout.resolve(relative);
    }

    /** Applies {@code op}; a no-op when it is already applied. */
    void forward(Op op) throws IOException {
        Path path = p(op.path());
        switch (op.kind()) {
            case UNLOCK -> {
                if (FsOps.isDirectory(path)) {
                    FsOps.setMode(path, op.mode() | 0700);
                }
            }
            case REMOVE -> {
                Path backup = p(op.backup());
                if (FsOps.exists(path) && !FsOps.exists(backup)) {
                    FsOps.rename(path, backup);
                }
            }
            case RMDIR -> FsOps.deleteIfEmptyDir(path);
            case MKDIR -> {
                if (!FsOps.exists(path)) {
                    Files.createDirectory(path);
                    // Writable by us until DIRMODE sets the final bits after the files are in.
                    FsOps.setMode(path, op.mode() | 0700);
                }
            }
            case PUT -> {
                Path staged = p(op.staged());
                if (!FsOps.exists(staged)) {
                    return;
                }
                if (op.backup() != null && FsOps.exists(path) && !FsOps.exists(p(op.backup()))) {
                    FsOps.rename(path, p(op.backup()));
                }
                if (FsOps.exists(path)) {
                    throw new IOException("cannot move " + staged + " to " + path + ": something unexpected is there");
                }
                FsOps.rename(staged, path);
            }
            case DIRMODE -> {
                if (FsOps.isDirectory(path)) {
                    FsOps.setMode(path, op.mode());
                }
            }
            default -> throw new IllegalStateException("unknown journal operation " + op.kind());
        }
    }

    /** Undoes {@code op}; a no-op when it was not applied or is already undone. */
    void inverse(Op op) throws IOException {
        Path path = p(op.path());
        switch (op.kind()) {
            case UNLOCK -> {
                if (FsOps.isDirectory(path)) {
                    FsOps.setMode(path, op.mode());
                }
            }
            case REMOVE -> {
                Path backup = p(op.backup());
                if (FsOps.exists(backup) && !FsOps.exists(path)) {
                    FsOps.rename(backup, path);
                }
            }
            case RMDIR -> {
                if (!FsOps.exists(path)) {
                    Files.createDirectory(path);
                    FsOps.setMode(path, op.mode());
                }
            }
            case MKDIR -> FsOps.deleteIfEmptyDir(path);
            case PUT -> {
                Path staged = p(op.staged());
                if (!FsOps.exists(staged) && FsOps.exists(path)) {
                    // The new file is in place: move it back where it came from.
                    FsOps.rename(path, staged);
                }
                if (op.backup() != null && FsOps.exists(p(op.backup())) && !FsOps.exists(path)) {
                    FsOps.rename(p(op.backup()), path);
                }
            }
            case DIRMODE -> {
                if (FsOps.isDirectory(path)) {
                    FsOps.setMode(path, FsOps.mode(path) | 0700);
                }
            }
            default -> throw new IllegalStateException("unknown journal operation " + op.kind());
        }
    }

    /** Applies every operation forward, then makes the touched directories durable. */
    void applyAll(Journal journal, TransactionListener listener) throws IOException {
        int done = 0;
        for (Op op : journal.ops()) {
            forward(op);
            listener.operationApplied(op.path(), ++done, journal.ops().size());
        }
        syncParents(journal);
    }

    /** Undoes every operation, last first, then makes the touched directories durable. */
    void undoAll(Journal journal) throws IOException {
        List<Op> ops = journal.ops();
        for (int i = ops.size() - 1; i >= 0; i--) {
            inverse(ops.get(i));
        }
        syncParents(journal);
    }

    private void syncParents(Journal journal) throws IOException {
        Set<Path> dirs = new LinkedHashSet<>();
        for (Op op : journal.ops()) {
            dirs.add(p(op.path()).getParent());
        }
        dirs.add(stagingOf(journal.transactionId()).resolve("new"));
        dirs.add(stagingOf(journal.transactionId()).resolve("old"));
        for (Path d : dirs) {
            if (FsOps.isDirectory(d)) {
                FsOps.fsyncDir(d);
            }
        }
    }

    Path stagingOf(String transactionId) {
        return layout.stagingDir().resolve(transactionId);
    }

    /** Deletes the journal (durably), then the transaction's staging directory. */
    void cleanup(String transactionId) throws IOException {
        Files.deleteIfExists(layout.journal());
        FsOps.fsyncDir(layout.stateDir());
        FsOps.deleteTree(stagingOf(transactionId));
    }

    /**
     * Finishes or undoes whatever an interrupted transaction left: rolls forward when the database
     * recorded its commit, back otherwise; deletes staging left by a transaction that died before
     * writing its journal. The caller holds the root lock.
     */
    RecoveryReport recover(LocalDatabase db) throws RecoveryException {
        Path journalFile = layout.journal();
        try {
            if (FsOps.exists(journalFile)) {
                Journal journal;
                try {
                    journal = Journal.read(journalFile);
                } catch (IOException e) {
                    throw new RecoveryException(journalFile, "unreadable journal: " + e.getMessage(), e);
                }
                boolean committed;
                try {
                    committed = db.history().isCommitted(journal.transactionId());
                } catch (dev.dpm.core.db.DatabaseException e) {
                    throw new RecoveryException(journalFile, e.getMessage(), e);
                }
                if (committed) {
                    applyAll(journal, TransactionListener.NONE);
                } else {
                    undoAll(journal);
                }
                cleanup(journal.transactionId());
                return new RecoveryReport(committed ? RecoveryReport.Outcome.ROLLED_FORWARD
                        : RecoveryReport.Outcome.ROLLED_BACK, journal.transactionId(), journal.packages());
            }
            Files.deleteIfExists(journalFile.resolveSibling(journalFile.getFileName() + ".tmp"));
            List<String> leftovers = new ArrayList<>();
            if (FsOps.isDirectory(layout.stagingDir())) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
                    for (Path d : ds) {
                        leftovers.add(d.getFileName().toString());
                    }
                }
            }
            if (leftovers.isEmpty()) {
                return RecoveryReport.clean();
            }
            for (String id : leftovers) {
                FsOps.deleteTree(stagingOf(id));
            }
            leftovers.sort(null);
            return new RecoveryReport(RecoveryReport.Outcome.DISCARDED_STAGING, String.join(", ", leftovers),
                    List.of());
        } catch (IOException e) {
            throw new RecoveryException(journalFile, e.getMessage(), e);
        }
    }

    /** Whether {@link #recover} would find anything to do (cheap; no lock needed). */
    boolean needsRecovery() throws IOException {
        if (FsOps.exists(layout.journal())) {
            return true;
        }
        if (!FsOps.isDirectory(layout.stagingDir())) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(layout.stagingDir())) {
            return ds.iterator().hasNext();
        }
    }
}
