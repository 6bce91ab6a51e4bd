package dev.dpm.core.pm;

import dev.dpm.core.resolve.Plan;

/**
 * Decides whether a computed plan goes ahead: the front end shows it and asks the user, or approves
 * everything ({@code --yes}, non-interactive use). Called once per operation, before anything is
 * fetched or changed, with the lock held.
 */
@FunctionalInterface
public interface PlanApproval {
    /** Approves every plan. */
    PlanApproval ALWAYS = plan -> true;

    /** Whether {@code plan} may be carried out. */
    boolean approve(Plan plan);

    /**
     * Whether {@code plan}, costing {@code sizes}, may be carried out; what the package manager calls.
     * The default ignores the sizes.
     */
    default boolean approve(Plan plan, PlanSizes sizes) {
        return approve(plan);
    }
}
