package dev.dpm.core.resolve;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sat4j.core.VecInt;
import org.sat4j.pb.IPBSolver;
import org.sat4j.specs.ContradictionException;
import org.sat4j.specs.TimeoutException;

/**
 * Minimises soft terms level by level (level 0 first) with the solver as an oracle: for each term, in
 * priority order, "can it be false given every decision taken so far?" — if so it is fixed false,
 * otherwise it stays as the rules force it. Each decision becomes a unit clause, so every call carries
 * one assumption. The result is lexicographically minimal by inclusion (no single penalty can be
 * dropped without raising a more important one), which is what apt's greedy choices approximate; a
 * minimum by count would need pigeonhole-style proofs that resolution-based solvers cannot do within a
 * second on Debian's graph.
 *
 * <p>Most solver calls are avoided: a term already false in the current model is fixed for free; a
 * candidate that no clause needs (every clause holding it has another true literal) is switched off in
 * the model directly; a candidate that some clause needs with no other possible satisfier is left to
 * whatever chooses that clause's owner. Every model satisfies all hard rules, so stopping at the
 * deadline still gives a consistent answer.
 */
final class LexicographicOptimizer {
    /** The best model found and whether the procedure ran to completion. */
    record Result(boolean[] truth, boolean optimal) {
    }

    private final IPBSolver solver;
    private final List<int[]> clauses;
    private final List<List<int[]>> positiveOccurrences;
    private final int candidateCount;
    private final long deadlineNanos;
    private final boolean[] fixedFalse;
    private final boolean[] fixedTrue;
    private boolean[] truth;

    private LexicographicOptimizer(IPBSolver solver, List<int[]> clauses, int varCount, int candidateCount,
            long deadlineNanos) {
        this.solver = solver;
        this.clauses = clauses;
        this.candidateCount = candidateCount;
        this.deadlineNanos = deadlineNanos;
        this.fixedFalse = new boolean[varCount + 1];
        this.fixedTrue = new boolean[varCount + 1];
        this.positiveOccurrences = new ArrayList<>(varCount + 1);
        for (int i = 0; i <= varCount; i++) {
            positiveOccurrences.add(null);
        }
        for (int[] c : clauses) {
            for (int lit : c) {
                if (lit > 0) {
                    List<int[]> l = positiveOccurrences.get(lit);
                    if (l == null) {
                        l = new ArrayList<>(2);
                        positiveOccurrences.set(lit, l);
                    }
                    l.add(c);
                }
            }
        }
    }

    /**
     * @param clauses every clause loaded into the solver (hard and soft; at-most-one rules excluded, which
     *     switching a variable off never breaks)
     * @param terms soft terms; within a level, list order is priority order
     * @param candidateCount variables 1..candidateCount are releases
     * @return null when the hard rules are unsatisfiable (proven within the deadline)
     * @throws TimeoutException when not even one model was found before the deadline
     */
    static Result optimise(IPBSolver solver, List<int[]> clauses, List<Encoding.Soft> terms, int varCount,
            int candidateCount, long deadlineNanos) throws TimeoutException {
        return new LexicographicOptimizer(solver, clauses, varCount, candidateCount, deadlineNanos).run(terms);
    }

    private Result run(List<Encoding.Soft> terms) throws TimeoutException {
        solver.setTimeoutMs(remainingMs());
        if (!solver.isSatisfiable()) {
            return null;
        }
        adopt(solver.model());
        List<Encoding.Soft> ordered = new ArrayList<>(terms);
        // Stable: keeps the caller's order within a level; higher costs first inside a level.
        ordered.sort(Comparator.comparingInt(Encoding.Soft::level).thenComparing(t -> -t.cost()));
        try {
            int level = -1;
            for (Encoding.Soft t : ordered) {
                int v = t.var();
                if (t.level() != level) {
                    level = t.level();
                    tryWholeLevel(ordered, level);
                }
                if (fixedFalse[v] || fixedTrue[v]) {
                    continue;
                }
                if (!truth[v] || switchOff(t.group())) {
                    fix(-v);
                    continue;
                }
                if (!replaceable(t.group())) {
                    continue;
                }
                solver.setTimeoutMs(remainingMs());
                if (solver.isSatisfiable(new VecInt(new int[] {-v}))) {
                    adopt(solver.model());
                    fix(-v);
                } else {
                    fix(v);
                }
            }
            // Releases left on by the last model although nothing needs them any more.
            boolean changed = true;
            while (changed) {
                changed = false;
                for (Encoding.Soft t : ordered) {
                    if (truth[t.var()] && !fixedTrue[t.var()] && switchOff(t.group())) {
                        changed = true;
                    }
                }
                for (int v = 1; v <= candidateCount; v++) {
                    if (truth[v] && !fixedTrue[v] && switchOff(new int[] {v})) {
                        changed = true;
                    }
                }
            }
        } catch (TimeoutException e) {
            return new Result(truth, false);
        } catch (ContradictionException e) {
            // Cannot happen: each unit agrees with a model or is implied by the rules.
            return new Result(truth, false);
        }
        return new Result(truth, true);
    }

    /**
     * One call for the whole level: if every term still paid can be dropped at once, the level is done
     * (nothing can beat zero). Otherwise the term-by-term pass decides, in priority order.
     */
    private void tryWholeLevel(List<Encoding.Soft> ordered, int level) throws TimeoutException, ContradictionException {
        VecInt assumptions = new VecInt();
        for (Encoding.Soft t : ordered) {
            if (t.level() == level && truth[t.var()] && !fixedTrue[t.var()] && !fixedFalse[t.var()]) {
                assumptions.push(-t.var());
            }
        }
        if (assumptions.size() < 2) {
            return;
        }
        solver.setTimeoutMs(remainingMs());
        if (solver.isSatisfiable(assumptions)) {
            adopt(solver.model());
            for (int i = 0; i < assumptions.size(); i++) {
                fix(assumptions.get(i));
            }
        }
    }

    /**
     * Switches the group off in the current model if that keeps every clause satisfied (each clause
     * holding a member positively still has a true literal). Members fixed true block it.
     */
    private boolean switchOff(int[] group) {
        boolean[] saved = new boolean[group.length];
        for (int i = 0; i < group.length; i++) {
            if (fixedTrue[group[i]] && truth[group[i]]) {
                return false;
            }
            saved[i] = truth[group[i]];
            truth[group[i]] = false;
        }
        for (int i = 0; i < group.length; i++) {
            if (!saved[i]) {
                continue;
            }
            List<int[]> occ = positiveOccurrences.get(group[i]);
            if (occ == null) {
                continue;
            }
            for (int[] c : occ) {
                if (!anyTrue(c)) {
                    for (int j = 0; j < group.length; j++) {
                        truth[group[j]] = saved[j];
                    }
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether every clause that only the group's true members satisfy has another positive literal not
     * yet ruled out; if not, the group is forced by choices elsewhere and a solver call would be wasted.
     */
    private boolean replaceable(int[] group) {
        java.util.Set<Integer> members = new java.util.HashSet<>();
        for (int g : group) {
            members.add(g);
        }
        for (int g : group) {
            if (!truth[g]) {
                continue;
            }
            List<int[]> occ = positiveOccurrences.get(g);
            if (occ == null) {
                continue;
            }
            for (int[] c : occ) {
                if (trueOutside(c, members)) {
                    continue;
                }
                boolean alternative = false;
                for (int lit : c) {
                    if (lit > 0 && !members.contains(lit) && !fixedFalse[lit]) {
                        alternative = true;
                        break;
                    }
                }
                if (!alternative) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean anyTrue(int[] clause) {
        for (int lit : clause) {
            if (lit > 0 ? truth[lit] : !truth[-lit]) {
                return true;
            }
        }
        return false;
    }

    private boolean trueOutside(int[] clause, java.util.Set<Integer> members) {
        for (int lit : clause) {
            if (lit < 0 && members.contains(-lit)) {
                // The member goes false, so this literal becomes true.
                return true;
            }
            if (members.contains(Math.abs(lit))) {
                continue;
            }
            if (lit > 0 ? truth[lit] : !truth[-lit]) {
                return true;
            }
        }
        return false;
    }

    private void fix(int lit) throws ContradictionException {
        solver.addClause(new VecInt(new int[] {lit}));
        if (lit > 0) {
            fixedTrue[lit] = true;
        } else {
            fixedFalse[-lit] = true;
        }
    }

    private void adopt(int[] model) {
        boolean[] t = new boolean[fixedFalse.length];
        for (int lit : model) {
            if (lit > 0 && lit < t.length) {
                t[lit] = true;
            }
        }
        truth = t;
    }

    private long remainingMs() throws TimeoutException {
        long ms = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (ms <= 0) {
            throw new TimeoutException("time bound reached");
        }
        return ms;
    }

}
