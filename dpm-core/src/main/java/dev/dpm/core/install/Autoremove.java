package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.InstalledPackages;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
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
        return orphans(installed, removing, List.of());
    }

    /**
     * As {@link #orphans(InstalledPackages, Collection)}, with {@code kept} (held packages) needed as if
     * they were explicit: neither they nor what they need are orphans.
     */
    public static List<String> orphans(InstalledPackages installed, Collection<String> removing,
            Collection<String> kept) throws DpmException {
        Map<String, Manifest> remaining = new java.util.TreeMap<>();
        Map<String, InstalledPackage> records = new LinkedHashMap<>();
        for (InstalledPackage p : installed.all()) {
            if (removing.contains(p.name())) {
                continue;
            }
            remaining.put(p.name(), InstalledManifests.of(p));
            records.put(p.name(), p);
        }
        Set<String> needed = new HashSet<>();
        Deque<String> work = new ArrayDeque<>();
        for (InstalledPackage p : records.values()) {
            if (p.reason() == InstallReason.EXPLICIT || kept.contains(p.name())) {
                needed.add(p.name());
                work.add(p.name());
            }
        }
        while (!work.isEmpty()) {
            forEachNeed(remaining.get(work.poll()), remaining.values(), (d, candidate) -> {
                if (needed.add(candidate.name())) {
                    work.add(candidate.name());
                }
            });
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

    /** What a package needs: each of its Pre-Depends/Depends with an installed package satisfying it. */
    private interface Need {
        void accept(Dependency dependency, Manifest candidate);
    }

    /**
     * Calls {@code need} for every package of {@code installed} that satisfies an alternative of a
     * Pre-Depends or Depends of {@code from} (by name and version, or through Provides): every branch of
     * an alternative counts, so that nothing one branch may rely on is taken for an orphan.
     */
    private static void forEachNeed(Manifest from, Collection<Manifest> installed, Need need) {
        List<Dependency> deps = new ArrayList<>(from.preDepends());
        deps.addAll(from.depends());
        for (Dependency d : deps) {
            for (Relation r : d.alternatives()) {
                for (Manifest candidate : installed) {
                    if (satisfies(candidate, r)) {
                        need.accept(d, candidate);
                    }
                }
            }
        }
    }

    /**
     * One link of a chain of dependencies: {@code packageName} (at {@code version}, installed for
     * {@code reason}) needs the next package of the chain through {@code dependency} (its Depends or
     * Pre-Depends entry, as written); null on the last link.
     */
    public record Link(String packageName, String version, InstallReason reason, String dependency) {
    }

    /**
     * Why {@code name} is installed (aptitude {@code why}, pactree {@code -r}): the shortest chain of
     * Depends/Pre-Depends (through alternatives and Provides, as {@link #orphans} follows them) from an
     * explicitly installed package to {@code name}, first link the explicit package, last {@code name};
     * a single link when {@code name} is explicit; empty when nothing explicit needs it (an orphan).
     * Among chains of one length, the one starting at the explicit package first by name.
     *
     * @throws DpmException when {@code name} is not installed or an installed manifest is unreadable
     */
    public static List<Link> chainTo(InstalledPackages installed, String name) throws DpmException {
        Map<String, Manifest> manifests = new java.util.TreeMap<>();
        Map<String, InstalledPackage> records = new LinkedHashMap<>();
        for (InstalledPackage p : installed.all()) {
            manifests.put(p.name(), InstalledManifests.of(p));
            records.put(p.name(), p);
        }
        if (!records.containsKey(name)) {
            throw new DpmException(name + " is not installed");
        }
        // breadth first from every explicit package at once: the first time name is reached is by a shortest chain
        Map<String, String> parent = new java.util.HashMap<>();
        Map<String, String> via = new java.util.HashMap<>();
        Deque<String> work = new ArrayDeque<>();
        for (String n : manifests.keySet()) {
            if (records.get(n).reason() == InstallReason.EXPLICIT) {
                parent.put(n, null);
                work.add(n);
            }
        }
        while (!work.isEmpty() && !parent.containsKey(name)) {
            String from = work.poll();
            forEachNeed(manifests.get(from), manifests.values(), (d, candidate) -> {
                if (!parent.containsKey(candidate.name())) {
                    parent.put(candidate.name(), from);
                    via.put(candidate.name(), d.toString());
                    work.add(candidate.name());
                }
            });
        }
        if (!parent.containsKey(name)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (String n = name; n != null; n = parent.get(n)) {
            names.add(0, n);
        }
        List<Link> chain = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            InstalledPackage p = records.get(names.get(i));
            chain.add(new Link(p.name(), p.version(), p.reason(), i + 1 < names.size() ? via.get(names.get(i + 1)) : null));
        }
        return List.copyOf(chain);
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
