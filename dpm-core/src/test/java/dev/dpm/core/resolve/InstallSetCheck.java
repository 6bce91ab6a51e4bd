package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent check of an installed set, written straight from Debian policy (not from the
 * resolver's encoding): every Depends/Pre-Depends entry has a member satisfying one alternative (by
 * name and version, or by a provide — versioned relations only through versioned provides), no member
 * conflicts with or breaks another member (a package is never in conflict with itself), one version per
 * name.
 */
public final class InstallSetCheck {
    private InstallSetCheck() {
    }

    /** Problems found, empty when the set is consistent. */
    public static List<String> problems(Collection<Candidate> set) {
        Map<String, Candidate> byName = new HashMap<>();
        Map<String, List<Candidate>> byProvide = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Candidate c : set) {
            if (byName.put(c.name(), c) != null) {
                out.add("two versions of " + c.name());
            }
            for (Provide p : c.provides()) {
                byProvide.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(c);
            }
        }
        for (Candidate c : set) {
            List<Dependency> deps = new ArrayList<>(c.preDepends());
            deps.addAll(c.depends());
            for (Dependency d : deps) {
                if (satisfiers(d, byName, byProvide).isEmpty()) {
                    out.add(c + ": unsatisfied dependency " + d);
                }
            }
            List<Relation> excl = new ArrayList<>(c.conflicts());
            excl.addAll(c.breaks());
            for (Relation r : excl) {
                for (Candidate other : satisfiers(Dependency.of(r), byName, byProvide)) {
                    if (!other.name().equals(c.name())) {
                        out.add(c + " conflicts/breaks " + r + " but " + other + " is in the set");
                    }
                }
            }
        }
        return out;
    }

    /** Members of the set that satisfy one of the dependency's alternatives. */
    public static List<Candidate> satisfiers(Dependency d, Map<String, Candidate> byName,
            Map<String, List<Candidate>> byProvide) {
        List<Candidate> out = new ArrayList<>();
        for (Relation alt : d.alternatives()) {
            Candidate real = byName.get(alt.name());
            if (real != null && (alt.op() == null || alt.op().test(real.version(), alt.version())) && !out.contains(real)) {
                out.add(real);
            }
            for (Candidate p : byProvide.getOrDefault(alt.name(), List.of())) {
                for (Provide pr : p.provides()) {
                    boolean ok = pr.name().equals(alt.name())
                            && (alt.op() == null || (pr.version() != null && alt.op().test(pr.version(), alt.version())));
                    if (ok && !out.contains(p)) {
                        out.add(p);
                    }
                }
            }
        }
        return out;
    }
}
