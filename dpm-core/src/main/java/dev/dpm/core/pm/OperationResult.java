package dev.dpm.core.pm;

import dev.dpm.core.install.RecoveryReport;
import dev.dpm.core.install.TransactionResult;
import dev.dpm.core.resolve.Plan;
import java.util.List;

/**
 * What an install, remove or upgrade did.
 *
 * @param plan        the plan (empty when there was nothing to do)
 * @param status      how it ended
 * @param transaction what the committed transaction changed; null unless {@link Status#DONE}
 * @param recovery    what recovery of an interrupted earlier run did ({@code CLEAN} when nothing)
 * @param autoremoved orphaned dependencies removed along ({@code remove --autoremove})
 * @param yanked      installed releases that are yanked in the registry (reported by upgrade), as
 *                    {@code name version}
 * @param keptBack    for an upgrade: installed packages the plan leaves below their newest release that
 *                    is not yanked (held, or needing a held or otherwise unavailable change), as
 *                    {@code name version (newest available[, held])}
 */
public record OperationResult(Plan plan, Status status, TransactionResult transaction, RecoveryReport recovery,
        List<String> autoremoved, List<String> yanked, List<String> keptBack) {

    /** How an operation ended. */
    public enum Status {
        /** Nothing to change. */
        NOTHING_TO_DO,
        /** The approval declined the plan; nothing changed. */
        DECLINED,
        /** The plan was carried out. */
        DONE,
        /** The plan's payloads were fetched into the repository (download only); the root is unchanged. */
        DOWNLOADED
    }

    public OperationResult {
        autoremoved = List.copyOf(autoremoved);
        yanked = List.copyOf(yanked);
        keptBack = List.copyOf(keptBack);
    }
}
