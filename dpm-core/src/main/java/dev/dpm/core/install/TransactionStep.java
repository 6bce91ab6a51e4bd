package dev.dpm.core.install;

/**
 * The steps of a transaction, in order. The root is untouched until {@link #APPLY}; from the
 * moment the journal is written, an interruption is rolled back (before {@link #RECORD} commits)
 * or forward (after) by the next run.
 */
public enum TransactionStep {
    /** Lock taken, interrupted transactions recovered. */
    INIT,
    /** Plan checked: packages, file conflicts, free space. Nothing written. */
    PREPARE,
    /** Files written under the staging directory and verified against their manifests. */
    STAGE,
    /** The write-ahead journal of every move written and fsynced. */
    JOURNAL,
    /** Files moved into place (rename), old ones moved aside. */
    APPLY,
    /** The database updated in one SQLite transaction: the commit point. */
    RECORD,
    /** Old files, staging directory and journal deleted. */
    CLEANUP
}
