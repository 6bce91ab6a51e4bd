package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pseudo-boolean encoding of one resolution, free of solver types: variables 1..n are candidates,
 * then auxiliary variables for soft rules. Scoped to the names reachable from the request and the
 * installed set through Depends/Pre-Depends and Provides, which keeps it complete: a minimal solution
 * never needs an unreachable release.
 */
final class Encoding {
    /** A hard rule: a clause over {@code lits}, or at most one of {@code lits} true. */
    record Hard(Kind kind, int[] lits, boolean atMostOne, String text, String owner) {
    }

    enum Kind { REQUEST, REMOVE, DEPENDS, CONFLICTS, ONE_VERSION }

    /**
     * A soft term: {@code cost} paid when {@code var} is true, at preference {@code level} (0 = most
     * important). {@code group} holds {@code var} and the variables that go false with it (a name's
     * releases for the "new package" term), for the optimiser's shortcut that edits a model directly.
     */
    record Soft(int var, int level, long cost, int[] group) {
        Soft(int var, int level, long cost) {
            this(var, level, cost, new int[] {var});
        }
    }

    private record Key(String name, DebianVersion version) {
    }

    static final int LEVEL_REMOVAL = 0;
    static final int LEVEL_CHANGE = 1;
    // Newest versions before alternatives and package count: like apt, which fixes each name's candidate
    // version first; otherwise a security update that adds one dependency would lose to the old release.
    static final int LEVEL_VERSION = 2;
    static final int LEVEL_ALTERNATIVE = 3;
    static final int LEVEL_NEW = 4;

    private final Universe universe;
    private final Set<String> archs;
    private final Request request;
    private final Map<String, Candidate> installed = new HashMap<>();
    private final Map<String, List<Candidate>> installedProviders = new HashMap<>();
    private final List<Candidate> candidates = new ArrayList<>();
    private final Map<Key, Integer> varOf = new HashMap<>();
    private final Map<String, List<Integer>> varsOfName = new HashMap<>();
    private final List<Hard> hard = new ArrayList<>();
    private final List<int[]> softClauses = new ArrayList<>();
    private final List<Soft> soft = new ArrayList<>();
    private int nextVar;

    Encoding(Universe universe, Set<String> archs, Collection<Candidate> installedSet, Request request) {
        this.universe = universe;
        this.archs = archs;
        this.request = request;
        for (Candidate c : installedSet) {
            installed.put(c.name(), c);
            for (dev.dpm.core.manifest.Provide p : c.provides()) {
                installedProviders.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(c);
            }
        }
    }

    /** Providers in the universe plus installed releases (which may be missing from the universe). */
    private List<Candidate> providersOf(String name) {
        List<Candidate> fromIndex = universe.providersOf(name);
        List<Candidate> local = installedProviders.get(name);
        if (local == null) {
            return fromIndex;
        }
        List<Candidate> all = new ArrayList<>(fromIndex);
        all.addAll(local);
        return all;
    }

    List<Candidate> candidates() {
        return candidates;
    }

    List<Hard> hard() {
        return hard;
    }

    List<int[]> softClauses() {
        return softClauses;
    }

    List<Soft> softTerms() {
        return soft;
    }

    int varCount() {
        return nextVar;
    }

    void build() {
        collect();
        nextVar = candidates.size();
        for (Relation r : request.install()) {
            hard.add(new Hard(Kind.REQUEST, toArray(satisfiers(r)), false, "you asked to install " + r, r.name()));
        }
        for (String name : request.remove()) {
            for (int v : varsOfName.getOrDefault(name, List.of())) {
                hard.add(new Hard(Kind.REMOVE, new int[] {-v}, false, "you asked to remove " + name, name));
            }
        }
        Set<Long> conflictPairs = new HashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            int p = i + 1;
            for (Dependency d : c.preDepends()) {
                addDepends(c, p, d, "pre-depends on");
            }
            for (Dependency d : c.depends()) {
                addDepends(c, p, d, "depends on");
            }
            addConflicts(c, p, c.conflicts(), "conflicts with", conflictPairs);
            addConflicts(c, p, c.breaks(), "breaks", conflictPairs);
        }
        for (Map.Entry<String, List<Integer>> e : varsOfName.entrySet()) {
            if (e.getValue().size() > 1) {
                hard.add(new Hard(Kind.ONE_VERSION, toArray(e.getValue()), true,
                        "only one version of " + e.getKey() + " can be installed", e.getKey()));
            }
        }
        addPreferences();
    }

    private void addDepends(Candidate c, int p, Dependency d, String verb) {
        Set<Integer> sats = new LinkedHashSet<>();
        for (Relation alt : d.alternatives()) {
            sats.addAll(satisfiers(alt));
        }
        int[] lits = new int[sats.size() + 1];
        lits[0] = -p;
        int k = 1;
        for (int s : sats) {
            lits[k++] = s;
        }
        String text = c + " " + verb + " " + d;
        if (sats.isEmpty()) {
            text += ", which no installable release satisfies (" + whyNothing(d) + ")";
        }
        hard.add(new Hard(Kind.DEPENDS, lits, false, text, c.name()));
    }

    private void addConflicts(Candidate c, int p, List<Relation> rels, String verb, Set<Long> seen) {
        for (Relation r : rels) {
            for (int q : satisfiers(r)) {
                Candidate other = candidates.get(q - 1);
                // Debian: a package never conflicts with itself, nor with another version of its own name
                // (one version per name already holds), nor through what it provides itself.
                if (other.name().equals(c.name())) {
                    continue;
                }
                long pair = ((long) Math.min(p, q) << 32) | Math.max(p, q);
                if (!seen.add(pair)) {
                    continue;
                }
                String how = r.name().equals(other.name()) ? "" : " (which provides " + r.name() + ")";
                hard.add(new Hard(Kind.CONFLICTS, new int[] {-p, -q}, false,
                        c + " " + verb + " " + r + ": " + other + how, c.name()));
            }
        }
    }

    private void addPreferences() {
        for (Candidate inst : installed.values()) {
            if (request.remove().contains(inst.name())) {
                continue;
            }
            List<Integer> versions = varsOfName.getOrDefault(inst.name(), List.of());
            int removed = ++nextVar;
            int[] clause = new int[versions.size() + 1];
            for (int i = 0; i < versions.size(); i++) {
                clause[i] = versions.get(i);
            }
            clause[versions.size()] = removed;
            softClauses.add(clause);
            soft.add(new Soft(removed, LEVEL_REMOVAL, 1));
            Integer current = varOf.get(new Key(inst.name(), inst.version()));
            if (request.upgradeAll()) {
                // Newest eligible release first in the list: any other costs one change.
                for (int i = 1; i < versions.size(); i++) {
                    soft.add(new Soft(versions.get(i), LEVEL_CHANGE, 1));
                }
            } else if (current != null && !requested(inst.name())) {
                int changed = ++nextVar;
                softClauses.add(new int[] {current, changed});
                soft.add(new Soft(changed, LEVEL_CHANGE, 1));
            }
        }
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            int p = i + 1;
            for (Dependency d : Resolver.allDepends(c)) {
                // apt's choice: the first alternative, and for it the real package before providers.
                Relation first = d.alternatives().get(0);
                List<Integer> preferred = new ArrayList<>();
                for (int v : varsOfName.getOrDefault(first.name(), List.of())) {
                    if (first.versionSatisfiedBy(candidates.get(v - 1).version())) {
                        preferred.add(v);
                    }
                }
                if (preferred.isEmpty()) {
                    preferred = satisfiers(first);
                }
                if (preferred.isEmpty() || (d.alternatives().size() == 1 && preferred.size() == satisfiers(first).size())) {
                    continue;
                }
                int other = ++nextVar;
                int[] clause = new int[preferred.size() + 2];
                clause[0] = -p;
                for (int k = 0; k < preferred.size(); k++) {
                    clause[k + 1] = preferred.get(k);
                }
                clause[preferred.size() + 1] = other;
                softClauses.add(clause);
                soft.add(new Soft(other, LEVEL_ALTERNATIVE, 1));
            }
        }
        // One term per new name, not per release: otherwise trading the newest release for an older one
        // would look like progress at this level.
        for (Map.Entry<String, List<Integer>> e : varsOfName.entrySet()) {
            if (installed.containsKey(e.getKey()) || e.getValue().isEmpty()) {
                continue;
            }
            int named = ++nextVar;
            int[] group = new int[e.getValue().size() + 1];
            group[0] = named;
            int k = 1;
            for (int v : e.getValue()) {
                softClauses.add(new int[] {-v, named});
                group[k++] = v;
            }
            soft.add(new Soft(named, LEVEL_NEW, 1, group));
        }
        for (List<Integer> versions : varsOfName.values()) {
            for (int rank = 1; rank < versions.size(); rank++) {
                soft.add(new Soft(versions.get(rank), LEVEL_VERSION, rank));
            }
        }
    }

    private boolean requested(String name) {
        for (Relation r : request.install()) {
            if (r.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** Closure over Depends/Pre-Depends/Provides from the request and the installed set. */
    private void collect() {
        Deque<String> queue = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        for (Relation r : request.install()) {
            enqueueRelation(r, queue, seen);
        }
        for (String n : installed.keySet()) {
            if (seen.add(n)) {
                queue.add(n);
            }
        }
        while (!queue.isEmpty()) {
            String name = queue.poll();
            List<Candidate> versions = new ArrayList<>();
            for (Candidate c : universe.versionsOf(name)) {
                if (eligible(c)) {
                    versions.add(c);
                }
            }
            Candidate inst = installed.get(name);
            if (inst != null && versions.stream().noneMatch(c -> c.version().equals(inst.version()))) {
                versions.add(inst);
            }
            versions.sort(Comparator.comparing(Candidate::version).reversed());
            List<Integer> vars = new ArrayList<>();
            for (Candidate c : versions) {
                Key k = new Key(c.name(), c.version());
                if (varOf.containsKey(k)) {
                    continue;
                }
                candidates.add(c);
                int v = candidates.size();
                varOf.put(k, v);
                vars.add(v);
                for (Dependency d : Resolver.allDepends(c)) {
                    for (Relation alt : d.alternatives()) {
                        enqueueRelation(alt, queue, seen);
                    }
                }
            }
            varsOfName.put(name, vars);
        }
    }

    private void enqueueRelation(Relation r, Deque<String> queue, Set<String> seen) {
        if (seen.add(r.name())) {
            queue.add(r.name());
        }
        for (Candidate p : providersOf(r.name())) {
            if (seen.add(p.name())) {
                queue.add(p.name());
            }
        }
    }

    private boolean eligible(Candidate c) {
        Candidate inst = installed.get(c.name());
        boolean isInstalled = inst != null && inst.version().equals(c.version());
        if (isInstalled) {
            return true;
        }
        if (!archs.contains(c.architecture()) || c.yanked()) {
            return false;
        }
        // Never a silent downgrade: lower than installed only when the request names that version.
        return inst == null || c.version().compareTo(inst.version()) > 0 || Resolver.isExplicitVersion(request, c);
    }

    /** Variables of the collected releases satisfying {@code r} (by name or through Provides). */
    private List<Integer> satisfiers(Relation r) {
        List<Integer> out = new ArrayList<>();
        for (int v : varsOfName.getOrDefault(r.name(), List.of())) {
            if (r.versionSatisfiedBy(candidates.get(v - 1).version())) {
                out.add(v);
            }
        }
        for (Candidate p : providersOf(r.name())) {
            Integer v = varOf.get(new Key(p.name(), p.version()));
            if (v != null && !out.contains(v) && candidates.get(v - 1).satisfies(r)) {
                out.add(v);
            }
        }
        return out;
    }

    /** Why no release satisfies {@code d}: each candidate name with what rules it out. */
    private String whyNothing(Dependency d) {
        List<String> parts = new ArrayList<>();
        for (Relation alt : d.alternatives()) {
            List<Candidate> all = new ArrayList<>(universe.versionsOf(alt.name()));
            for (Candidate p : providersOf(alt.name())) {
                if (!all.contains(p)) {
                    all.add(p);
                }
            }
            if (all.isEmpty()) {
                parts.add("no package provides " + alt.name());
                continue;
            }
            for (Candidate c : all) {
                if (!c.satisfies(alt)) {
                    parts.add(c + (c.name().equals(alt.name()) ? " does not match" : " provides " + alt.name()
                            + " without a matching version"));
                } else if (c.yanked()) {
                    parts.add(c + " is yanked");
                } else if (!archs.contains(c.architecture())) {
                    parts.add(c + " is for " + c.architecture());
                } else {
                    Candidate inst = installed.get(c.name());
                    parts.add(inst != null && c.version().compareTo(inst.version()) < 0
                            ? c + " would downgrade the installed " + inst.version()
                            : c + " is excluded");
                }
            }
        }
        return String.join(", ", parts);
    }

    /** The facts of a minimal core, ordered from the request along the dependency chain. */
    List<String> render(List<Hard> facts) {
        Map<String, Integer> depth = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (Relation r : request.install()) {
            depth.put(r.name(), 0);
            queue.add(r.name());
        }
        for (String n : installed.keySet()) {
            depth.putIfAbsent(n, 0);
            queue.add(n);
        }
        Map<String, List<String>> edges = new HashMap<>();
        for (Hard h : facts) {
            if (h.kind() == Kind.DEPENDS || h.kind() == Kind.REQUEST) {
                for (int l : h.lits()) {
                    if (l > 0 && l <= candidates.size()) {
                        edges.computeIfAbsent(h.owner(), k -> new ArrayList<>()).add(candidates.get(l - 1).name());
                    }
                }
            }
        }
        while (!queue.isEmpty()) {
            String n = queue.poll();
            for (String m : edges.getOrDefault(n, List.of())) {
                if (!depth.containsKey(m)) {
                    depth.put(m, depth.get(n) + 1);
                    queue.add(m);
                }
            }
        }
        List<Hard> sorted = new ArrayList<>(facts);
        sorted.sort(Comparator.comparingInt((Hard h) -> h.kind() == Kind.REQUEST || h.kind() == Kind.REMOVE ? 0 : 1)
                .thenComparingInt(h -> h.kind() == Kind.DEPENDS ? 0 : 1)
                .thenComparingInt(h -> depth.getOrDefault(h.owner(), Integer.MAX_VALUE)));
        List<String> out = new ArrayList<>();
        for (Hard h : sorted) {
            if (!out.contains(h.text())) {
                out.add(h.text());
            }
        }
        return out;
    }

    /** Turns a model (the set of true variables) into a plan. */
    Plan plan(Set<Integer> trueVars, boolean optimal) {
        Map<String, Candidate> chosen = new HashMap<>();
        for (int v = 1; v <= candidates.size(); v++) {
            if (trueVars.contains(v)) {
                Candidate c = candidates.get(v - 1);
                chosen.put(c.name(), c);
            }
        }
        List<Candidate> order = unpackOrder(chosen);
        List<Candidate> install = new ArrayList<>();
        List<Plan.Upgrade> upgrade = new ArrayList<>();
        List<Candidate> unpack = new ArrayList<>();
        for (Candidate c : order) {
            Candidate inst = installed.get(c.name());
            if (inst == null) {
                install.add(c);
                unpack.add(c);
            } else if (!inst.version().equals(c.version())) {
                upgrade.add(new Plan.Upgrade(inst, c));
                unpack.add(c);
            }
        }
        List<Candidate> remove = new ArrayList<>();
        for (Candidate inst : installed.values()) {
            if (!chosen.containsKey(inst.name())) {
                remove.add(inst);
            }
        }
        remove.sort(Comparator.comparing(Candidate::name));
        List<Candidate> keptYanked = new ArrayList<>();
        for (Candidate c : order) {
            if (c.yanked() && installed.containsKey(c.name())) {
                keptYanked.add(c);
            }
        }
        return new Plan(install, upgrade, remove, unpack, order, keptYanked, optimal);
    }

    /**
     * Dependencies before dependents: strongly connected components (Tarjan) in topological order;
     * inside a cycle, Pre-Depends edges are honoured and Depends edges cut (as dpkg does: a
     * pre-dependency must be unpacked and configured first, a plain dependency only configured).
     */
    private List<Candidate> unpackOrder(Map<String, Candidate> chosen) {
        List<String> names = new ArrayList<>(chosen.keySet());
        names.sort(null);
        Map<String, List<String>> pre = new HashMap<>();
        Map<String, List<String>> all = new HashMap<>();
        for (String n : names) {
            Candidate c = chosen.get(n);
            pre.put(n, targets(c.preDepends(), chosen));
            List<String> both = new ArrayList<>(pre.get(n));
            for (String t : targets(c.depends(), chosen)) {
                if (!both.contains(t)) {
                    both.add(t);
                }
            }
            all.put(n, both);
        }
        List<List<String>> sccs = new Tarjan(all).run(names);
        List<Candidate> order = new ArrayList<>();
        for (List<String> scc : sccs) {
            if (scc.size() == 1) {
                order.add(chosen.get(scc.get(0)));
                continue;
            }
            Set<String> inScc = new HashSet<>(scc);
            Set<String> done = new HashSet<>();
            scc.sort(null);
            for (String n : scc) {
                preFirst(n, pre, inScc, done, new HashSet<>(), order, chosen);
            }
        }
        return order;
    }

    private void preFirst(String n, Map<String, List<String>> pre, Set<String> inScc, Set<String> done,
            Set<String> onPath, List<Candidate> order, Map<String, Candidate> chosen) {
        if (done.contains(n) || !onPath.add(n)) {
            return;
        }
        for (String m : pre.get(n)) {
            if (inScc.contains(m)) {
                preFirst(m, pre, inScc, done, onPath, order, chosen);
            }
        }
        done.add(n);
        order.add(chosen.get(n));
    }

    /** Names of chosen releases satisfying any alternative of the dependencies. */
    private List<String> targets(List<Dependency> deps, Map<String, Candidate> chosen) {
        List<String> out = new ArrayList<>();
        for (Dependency d : deps) {
            for (Relation alt : d.alternatives()) {
                Candidate direct = chosen.get(alt.name());
                if (direct != null && direct.satisfies(alt) && !out.contains(direct.name())) {
                    out.add(direct.name());
                }
                for (Candidate p : providersOf(alt.name())) {
                    Candidate cp = chosen.get(p.name());
                    if (cp != null && cp.satisfies(alt) && !out.contains(cp.name())) {
                        out.add(cp.name());
                    }
                }
            }
        }
        return out;
    }

    /** Tarjan's algorithm; components come out dependencies first. */
    private static final class Tarjan {
        private final Map<String, List<String>> edges;
        private final Map<String, Integer> index = new HashMap<>();
        private final Map<String, Integer> low = new HashMap<>();
        private final Deque<String> stack = new ArrayDeque<>();
        private final Set<String> onStack = new HashSet<>();
        private final List<List<String>> out = new ArrayList<>();
        private int counter;

        Tarjan(Map<String, List<String>> edges) {
            this.edges = edges;
        }

        List<List<String>> run(List<String> nodes) {
            for (String n : nodes) {
                if (!index.containsKey(n)) {
                    strongConnect(n);
                }
            }
            return out;
        }

        private void strongConnect(String v) {
            index.put(v, counter);
            low.put(v, counter);
            counter++;
            stack.push(v);
            onStack.add(v);
            for (String w : edges.getOrDefault(v, List.of())) {
                if (!index.containsKey(w)) {
                    strongConnect(w);
                    low.put(v, Math.min(low.get(v), low.get(w)));
                } else if (onStack.contains(w)) {
                    low.put(v, Math.min(low.get(v), index.get(w)));
                }
            }
            if (low.get(v).equals(index.get(v))) {
                List<String> scc = new ArrayList<>();
                String w;
                do {
                    w = stack.pop();
                    onStack.remove(w);
                    scc.add(w);
                } while (!w.equals(v));
                out.add(scc);
            }
        }
    }

    private static int[] toArray(Collection<Integer> l) {
        int[] a = new int[l.size()];
        int i = 0;
        for (int x : l) {
            a[i++] = x;
        }
        return a;
    }
}
