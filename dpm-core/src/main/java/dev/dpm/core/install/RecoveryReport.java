package dev.dpm.core.install;

import java.util.List;

/**
 * What recovery found and did when opening a root.
 *
 * @param outcome what happened
 * @param transactionId the interrupted transaction (null when {@link Outcome#CLEAN})
 * @param packages the packages it was changing (from its journal; empty when unknown)
 */
public record RecoveryReport(Outcome outcome, String transactionId, List<String> packages) {
    /** The possible outcomes. */
    public enum Outcome {
        /** Nothing was interrupted. */
        CLEAN,
        /** A transaction died while staging: the root was never touched; its staging was deleted. */
        DISCARDED_STAGING,
        /** A transaction died before its commit point: its changes were undone. */
        ROLLED_BACK,
        /** A transaction died after its commit point: its changes were completed. */
        ROLLED_FORWARD
    }

    public RecoveryReport {
        packages = List.copyOf(packages);
    }

    static RecoveryReport clean() {
        return new RecoveryReport(Outcome.CLEAN, null, List.of());
    }

    /** Whether anything was recovered. */
    public boolean recovered() {
        return outcome != Outcome.CLEAN;
    }

    /** One line for a person, e.g. "recovered interrupted transaction X: rolled back (hello, libgreet)". */
    public String describe() {
        String what = switch (outcome) {
            case CLEAN -> "nothing to recover";
            case DISCARDED_STAGING -> "discarded its staged files; the root was not touched";
            case ROLLED_BACK -> "rolled back; the root is as before it";
            case ROLLED_FORWARD -> "rolled forward; the root is as after it";
        };
        if (outcome == Outcome.CLEAN) {
            return what;
        }
        return "recovered interrupted transaction " + transactionId + ": " + what
                + (packages.isEmpty() ? "" : " (" + String.join(", ", packages) + ")");
    }
}
