package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.manifest.RelationOp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.sat4j.core.VecInt;
import org.sat4j.pb.IPBSolver;
import org.sat4j.pb.SolverFactory;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.IVecInt;
import org.sat4j.specs.TimeoutException;

/**
 * A sound and complete dependency resolver: the request, the installed set and the reachable part of the
 * {@link Universe} become a pseudo-boolean problem (one variable per {@code name@version}) solved and
 * optimised by Sat4j. See docs/RESOLVER.md for the encoding.
 *
 * <p>Hard rules: every Depends/Pre-Depends entry of a chosen release is satisfied by a chosen release
 * (by name and version, or through Provides, versioned provides honouring versioned relations);
 * no two chosen releases conflict or break each other (a release never conflicts with itself or with
 * what it provides); at most one release per name; only the host architecture and {@code all}; never a
 * yanked release unless it is the one already installed; never lower than the installed version unless
 * the request names that version.
 *
 * <p>Preferences, in strict order: fewest removals of installed packages; fewest changes of installed
 * versions (with {@link Request#upgradeAll()}: fewest installed packages not at their newest release);
 * newest versions; first alternatives, real packages before providers (like apt); fewest new packages.
 * Each level is minimised by inclusion with the solver as an oracle (see docs/RESOLVER.md).
 * {@link Plan#optimal()} says whether that finished within the time bound; past it, the best plan found
 * so far is returned — still consistent.
 *
 * <p>Thread-safe: each call builds its own solver.
 */
public final class Resolver {
    private final Universe universe;
    private final Set<String> architectures;
    private final Duration timeLimit;

    private Resolver(Builder b) {
        this.universe = Objects.requireNonNull(b.universe, "universe");
        this.architectures = Set.of(b.hostArchitecture, "all");
        this.timeLimit = b.timeLimit;
    }

    public static Builder builder(Universe universe) {
        return new Builder(universe);
    }

    /** Configuration: host architecture (default {@code amd64}), optimisation time bound (default 2 s). */
    public static final class Builder {
        private final Universe universe;
        private String hostArchitecture = "amd64";
        private Duration timeLimit = Duration.ofSeconds(2);

        private Builder(Universe universe) {
            this.universe = universe;
        }

        public Builder hostArchitecture(String arch) {
            this.hostArchitecture = Objects.requireNonNull(arch);
            return this;
        }

        /** Time after which the optimiser stops improving and returns the best consistent plan found. */
        public Builder timeLimit(Duration d) {
            this.timeLimit = Objects.requireNonNull(d);
            return this;
        }

        public Resolver build() {
            return new Resolver(this);
        }
    }

    /**
     * Computes a plan.
     *
     * @param installed the releases installed now (their metadata; they need not be in the universe)
     * @throws UnsatisfiableException when no consistent installed set meets the request, with the reason
     * @throws ResolveException when the solver found no answer at all within the time bound
     */
    public Plan resolve(Collection<Candidate> installed, Request request) throws ResolveException {
        Encoding enc = new Encoding(universe, architectures, installed, request);
        enc.build();
        IPBSolver solver = newSolver(enc);
        boolean trivialUnsat = false;
        try {
            for (Encoding.Hard h : enc.hard()) {
                if (h.atMostOne()) {
                    solver.addAtMost(new VecInt(h.lits()), 1);
                } else {
                    solver.addClause(new VecInt(h.lits()));
                }
            }
            for (int[] clause : enc.softClauses()) {
                solver.addClause(new VecInt(clause));
            }
        } catch (ContradictionException e) {
            trivialUnsat = true;
        }
        if (trivialUnsat) {
            throw explain(enc);
        }
        long deadline = System.nanoTime() + timeLimit.toNanos();
        LexicographicOptimizer.Result result;
        try {
            List<int[]> clauses = new ArrayList<>(enc.softClauses());
            for (Encoding.Hard h : enc.hard()) {
                if (!h.atMostOne()) {
                    clauses.add(h.lits());
                }
            }
            result = LexicographicOptimizer.optimise(solver, clauses, enc.softTerms(), enc.varCount(),
                    enc.candidates().size(), deadline);
        } catch (TimeoutException e) {
            throw new ResolveException("the resolver found no plan within " + timeLimit.toMillis()
                    + " ms (" + enc.candidates().size() + " candidates)");
        }
        if (result == null) {
            throw explain(enc);
        }
        boolean[] truth = result.truth();
        Set<Integer> positive = new HashSet<>();
        for (int v = 1; v <= enc.candidates().size(); v++) {
            if (truth[v]) {
                positive.add(v);
            }
        }
        return enc.plan(positive, result.optimal());
    }

    private static IPBSolver newSolver(Encoding enc) {
        IPBSolver solver = SolverFactory.newDefault();
        solver.newVar(enc.varCount());
        return solver;
    }

    /**
     * Finds a minimal unsatisfiable subset of the hard rules: every rule gets a selector literal, the
     * solver's final conflict gives a first core, deletion shrinks it to a minimal one.
     */
    private UnsatisfiableException explain(Encoding enc) {
        List<Encoding.Hard> hard = enc.hard();
        IPBSolver s = SolverFactory.newDefault();
        int base = enc.varCount();
        s.newVar(base + hard.size());
        try {
            for (int i = 0; i < hard.size(); i++) {
                Encoding.Hard h = hard.get(i);
                int sel = base + 1 + i;
                if (h.atMostOne()) {
                    int[] l = h.lits();
                    for (int a = 0; a < l.length; a++) {
                        for (int b = a + 1; b < l.length; b++) {
                            s.addClause(new VecInt(new int[] {-l[a], -l[b], -sel}));
                        }
                    }
                } else {
                    int[] l = h.lits();
                    int[] c = new int[l.length + 1];
                    System.arraycopy(l, 0, c, 0, l.length);
                    c[l.length] = -sel;
                    s.addClause(new VecInt(c));
                }
            }
        } catch (ContradictionException e) {
            // Cannot happen: every clause carries its own fresh selector.
            return new UnsatisfiableException(List.of("the rules contradict each other"));
        }
        List<Integer> core = new ArrayList<>();
        for (int i = 0; i < hard.size(); i++) {
            core.add(base + 1 + i);
        }
        long deadline = System.nanoTime() + Math.max(timeLimit.toNanos(), 1_000_000_000L);
        try {
            s.setTimeoutMs(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            if (s.isSatisfiable(toVec(core))) {
                return new UnsatisfiableException(List.of("the optimiser found no plan although one exists"
                        + " (resolver defect; please report)"));
            }
            core = fromExplanation(s.unsatExplanation(), core);
            // Deletion: drop each rule in turn; keep it out if the rest is still unsatisfiable.
            for (int i = 0; i < core.size() && System.nanoTime() < deadline; ) {
                List<Integer> without = new ArrayList<>(core);
                without.remove(i);
                s.setTimeoutMs(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                if (!s.isSatisfiable(toVec(without))) {
                    List<Integer> smaller = fromExplanation(s.unsatExplanation(), without);
                    core = smaller.size() < without.size() ? smaller : without;
                    i = Math.min(i, core.size());
                    // Restart from the same position: the list shifted.
                } else {
                    i++;
                }
            }
        } catch (TimeoutException e) {
            // The core found so far is still a correct (if not minimal) explanation.
        }
        List<Encoding.Hard> facts = new ArrayList<>();
        // Rule order (request, then each release's entries in file order) breaks ties when rendering.
        core.sort(null);
        for (int sel : core) {
            facts.add(hard.get(sel - base - 1));
        }
        return new UnsatisfiableException(enc.render(facts));
    }

    private static IVecInt toVec(List<Integer> lits) {
        VecInt v = new VecInt(lits.size());
        for (int l : lits) {
            v.push(l);
        }
        return v;
    }

    private static List<Integer> fromExplanation(IVecInt expl, List<Integer> fallback) {
        if (expl == null || expl.isEmpty()) {
            return fallback;
        }
        Set<Integer> in = new HashSet<>(fallback);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < expl.size(); i++) {
            int l = Math.abs(expl.get(i));
            if (in.contains(l) && !out.contains(l)) {
                out.add(l);
            }
        }
        return out.isEmpty() ? fallback : out;
    }

    // Kept here so that Encoding stays free of solver types.
    static boolean isExplicitVersion(Request request, Candidate c) {
        for (Relation r : request.install()) {
            if (r.name().equals(c.name()) && r.op() == RelationOp.EQ && r.versionSatisfiedBy(c.version())) {
                return true;
            }
        }
        return false;
    }

    static List<Dependency> allDepends(Candidate c) {
        List<Dependency> all = new ArrayList<>(c.preDepends().size() + c.depends().size());
        all.addAll(c.preDepends());
        all.addAll(c.depends());
        return all;
    }
}
