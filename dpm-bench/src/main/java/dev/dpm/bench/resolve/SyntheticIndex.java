package dev.dpm.bench.resolve;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.manifest.RelationOp;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A reproducible synthetic index shaped like a distribution: {@code n} names in layers (5% core
 * libraries, then everything else), 1–3 versions each, 0–3 Depends per release (80% into the core,
 * the rest into the 100 names just below), 30% of them versioned,
 * alternatives in 8% and virtual names in 4% of entries; 3% of names provide a virtual name and
 * conflict with its other providers (like mail transport agents); 2% Break old releases of a lower
 * name. Reachable sets are a few hundred to a few thousand releases, as in Debian. The same seed
 * gives the same index.
 */
public final class SyntheticIndex {
    private SyntheticIndex() {
    }

    /** Name of package number {@code i}. */
    public static String name(int i) {
        return "pkg" + i;
    }

    public static List<Candidate> generate(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Candidate> out = new ArrayList<>();
        int virtuals = Math.max(1, n / 100);
        int core = Math.max(1, n / 20);
        for (int i = 0; i < n; i++) {
            int versions = 1 + rnd.nextInt(3);
            // Each virtual name has a few providers that conflict with each other, like MTAs.
            String provided = rnd.nextInt(100) < 3 ? "virtual" + rnd.nextInt(virtuals) : null;
            for (int v = 1; v <= versions; v++) {
                List<Dependency> deps = new ArrayList<>();
                int count = i == 0 ? 0 : rnd.nextInt(Math.min(i, 3) + 1);
                for (int d = 0; d < count; d++) {
                    List<Relation> alts = new ArrayList<>();
                    int alternatives = rnd.nextInt(100) < 8 ? 2 : 1;
                    for (int a = 0; a < alternatives; a++) {
                        if (rnd.nextInt(100) < 4) {
                            alts.add(Relation.any("virtual" + rnd.nextInt(virtuals)));
                        } else {
                            int target = lower(rnd, i, core);
                            alts.add(rnd.nextInt(100) < 30
                                    ? Relation.of(name(target), RelationOp.GE, DebianVersion.of("1.0"))
                                    : Relation.any(name(target)));
                        }
                    }
                    deps.add(new Dependency(alts));
                }
                List<Relation> conflicts = new ArrayList<>();
                List<Provide> provides = new ArrayList<>();
                if (provided != null) {
                    provides.add(new Provide(provided, null));
                    conflicts.add(Relation.any(provided));
                }
                List<Relation> breaks = new ArrayList<>();
                if (i > 0 && rnd.nextInt(100) < 2) {
                    // Breaks old releases of something below: satisfiable by taking its newer release.
                    breaks.add(Relation.of(name(rnd.nextInt(i)), RelationOp.LT, DebianVersion.of("1.0")));
                }
                out.add(new Candidate(name(i), DebianVersion.of("1." + (v - 1)), "amd64", deps, List.of(), conflicts,
                        breaks, provides, false));
            }
        }
        return out;
    }

    /** A dependency target below {@code i}: mostly the core libraries, otherwise a nearby layer. */
    private static int lower(SplittableRandom rnd, int i, int core) {
        if (i > core && rnd.nextInt(100) < 80) {
            return rnd.nextInt(core);
        }
        int span = Math.min(i, 100);
        return i - 1 - rnd.nextInt(span);
    }
}
