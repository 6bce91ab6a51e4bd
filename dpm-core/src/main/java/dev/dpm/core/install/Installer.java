package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.LocalDatabase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * Entry points of the installer for one install root.
 *
 * <pre>{@code
 * try (Transaction tx = Installer.begin(root, listener)) {   // lock + recovery
 *     if (tx.recovery().recovered()) print(tx.recovery().describe());
 *     tx.prepare(plan);                                      // conflicts, space: nothing touched
 *     TransactionResult r = tx.commit();                     // stage, journal, apply, record
 * }                                                          // lock released
 * }</pre>
 *
 * <p>Read-only commands ({@code list}, {@code history}) open {@link LocalDatabase#open} directly,
 * after {@link #recoverIfNeeded} so that an interrupted transaction is finished first.
 */
public final class Installer {
    private Installer() {
    }

    /** {@link #begin(Path, TransactionListener)} without a listener. */
    public static Transaction begin(Path root) throws DpmException {
        return begin(root, TransactionListener.NONE);
    }

    /**
     * Takes the root's lock, opens its database (creating both if needed), recovers any interrupted
     * transaction (reported to the listener and by {@link Transaction#recovery()}), and returns a
     * transaction in state {@code INITIALIZED}. The caller closes it.
     *
     * @throws LockHeldException when another process holds the lock (naming it and its pid)
     * @throws RecoveryException when an interrupted transaction cannot be recovered
     */
    public static Transaction begin(Path root, TransactionListener listener) throws DpmException {
        return begin(root, listener, Clock.systemUTC());
    }

    static Transaction begin(Path root, TransactionListener listener, Clock clock) throws DpmException {
        RootLayout layout = new RootLayout(root);
        listener.stepStarted(TransactionStep.INIT);
        RootLock lock = RootLock.acquire(layout);
        LocalDatabase db = null;
        try {
            db = LocalDatabase.open(layout.root());
            RecoveryReport report = new JournalRunner(layout).recover(db);
            if (report.recovered()) {
                listener.recovered(report);
            }
            return new Transaction(layout, lock, db, listener, report, clock);
        } catch (DpmException | RuntimeException | Error e) { // Errors too: a leaked lock refuses this JVM for good
            if (db != null) {
                db.close();
            }
            lock.close();
            throw e;
        }
    }

    /**
     * Recovers an interrupted transaction if there is one (taking the lock only then).
     *
     * @return what was done ({@link RecoveryReport.Outcome#CLEAN} when nothing)
     * @throws LockHeldException when recovery is needed but another process holds the lock (it may
     *     be the transaction itself, still running)
     */
    public static RecoveryReport recoverIfNeeded(Path root) throws DpmException {
        RootLayout layout = new RootLayout(root);
        try {
            if (!new JournalRunner(layout).needsRecovery()) {
                return RecoveryReport.clean();
            }
        } catch (IOException e) {
            throw new DpmException("cannot read " + layout.stateDir() + ": " + e.getMessage(), e);
        }
        try (Transaction tx = begin(root)) {
            return tx.recovery();
        }
    }

    /**
     * Checks every installed file (or only those of {@code packages}) against the recorded type,
     * size, SHA-256, mode and symlink target. Read-only; takes no lock.
     */
    public static VerifyReport verify(Path root, List<String> packages) throws DpmException {
        RootLayout layout = new RootLayout(root);
        try (LocalDatabase db = LocalDatabase.open(layout.root())) {
            for (String name : packages) {
                if (db.installed().find(name).isEmpty()) {
                    throw new TransactionException("cannot verify " + name + ": it is not installed in " + layout.root());
                }
            }
            return Verifier.verify(layout, db, packages);
        }
    }
}
