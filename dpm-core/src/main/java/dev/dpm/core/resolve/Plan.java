package dev.dpm.core.resolve;

import java.util.List;

/**
 * The resolver's answer: how to go from the installed set to a consistent one that meets the request.
 *
 * @param install releases of names not installed before, in unpack order
 * @param upgrade installed names moving to another release (never lower unless the request named that
 *     version), in unpack order
 * @param remove installed releases to remove
 * @param unpackOrder install and upgrade targets together, dependencies (Pre-Depends, then Depends)
 *     before their dependents; cycles are broken arbitrarily
 * @param result the whole installed set after the plan
 * @param keptYanked installed releases that the index marks yanked and that stay installed (nothing
 *     better was available): the caller reports them, they are never chosen anew
 * @param optimal whether the preference pass completed within the time bound (the plan is consistent
 *     either way)
 */
public record Plan(List<Candidate> install, List<Upgrade> upgrade, List<Candidate> remove,
        List<Candidate> unpackOrder, List<Candidate> result, List<Candidate> keptYanked, boolean optimal) {

    /** A name moving from one release to another. */
    public record Upgrade(Candidate from, Candidate to) {
        @Override
        public String toString() {
            return to.name() + " " + from.version() + " -> " + to.version();
        }
    }

    public Plan {
        install = List.copyOf(install);
        upgrade = List.copyOf(upgrade);
        remove = List.copyOf(remove);
        unpackOrder = List.copyOf(unpackOrder);
        result = List.copyOf(result);
        keptYanked = List.copyOf(keptYanked);
    }

    /** A plan without yanked releases kept (for callers that build plans themselves). */
    public Plan(List<Candidate> install, List<Upgrade> upgrade, List<Candidate> remove, List<Candidate> unpackOrder,
            List<Candidate> result, boolean optimal) {
        this(install, upgrade, remove, unpackOrder, result, List.of(), optimal);
    }

    /** Whether the plan changes nothing. */
    public boolean isEmpty() {
        return install.isEmpty() && upgrade.isEmpty() && remove.isEmpty();
    }
}
