package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.InstalledPackages;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds orphans: packages installed as dependencies that nothing explicitly installed still needs.
 * Computed from the installed manifests' Depends and Pre-Depends; an alternative or a virtual name
 * keeps every installed package that satisfies it (conservative: never removes something that one
 * branch of an alternative may rely on).
 */
public final class Autoremove {
    private Autoremove() {
    }

    /**
     * The orphans once {@code removing} are removed, sorted by name (excluding {@code removing}).
     *
     * @throws DpmException when the database cannot be read or an installed manifest is unreadable
     */
    public static List<String> orphans(InstalledPackages installed, Collection<String> removing) throws DpmException {
        Map<String, Manifest> remaining = new LinkedHashMap<>();
        Map<String, InstalledPackage> records = new LinkedHashMap<>();
        for (InstalledPackage p : installed.all()) {
            if (removing.contains(p.name())) {
                continue;
            }
            try {
                remaining.put(p.name(), Manifest.fromCanonicalBytes(p.manifest()));
            } catch (ManifestException e) {
                throw new DpmException("installed package " + p.name() + " has an unreadable manifest in the database: "
                        + e.getMessage(), e);
            }
            records.put(p.name(), p);
        }
        Set<String> needed = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (InstalledPackage p : records.values()) {
            if (p.reason() == InstallReason.EXPLICIT) {
                needed.add(p.name());
                work.add(p.name());
            }
        }
        while (!work.isEmpty()) {
            Manifest m = remaining.get(work.poll());
            List<Dependency> deps = new ArrayList<>(m.depends());
            deps.addAll(m.preDepends());
            for (Dependency d : deps) {
                for (Relation r : d.alternatives()) {
                    for (Manifest candidate : remaining.values()) {
                        if (satisfies(candidate, r) && needed.add(candidate.name())) {
                            work.add(candidate.name());
                        }
                    }
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String name : records.keySet()) {
            if (!needed.contains(name)) {
                out.add(name);
            }
        }
        out.sort(null);
        return out;
    }

    private static boolean satisfies(Manifest candidate, Relation r) {
        if (candidate.name().equals(r.name()) && r.versionSatisfiedBy(candidate.version())) {
            return true;
        }
        for (Provide p : candidate.provides()) {
            if (p.satisfies(r)) {
                return true;
            }
        }
        return false;
    }
}
