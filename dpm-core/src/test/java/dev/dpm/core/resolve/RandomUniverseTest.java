package dev.dpm.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.manifest.RelationOp;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Soundness and completeness against brute force: on many small random universes the resolver must
 * answer exactly when some consistent set containing the request exists (found by enumerating every
 * subset), and every plan must pass {@link InstallSetCheck}.
 */
class RandomUniverseTest {
    private static final String[] NAMES = {"pa", "pb", "pc", "pd", "pe", "pf"};

    @Test
    void agreesWithBruteForceOnRandomUniverses() throws Exception {
        Random rnd = new Random(7);
        int sat = 0;
        int unsat = 0;
        for (int round = 0; round < 400; round++) {
            List<Candidate> universe = randomUniverse(rnd);
            Relation request = Relation.any(NAMES[0]);
            boolean exists = bruteForce(universe, request);
            try {
                Plan p = Resolver.builder(Index.of(universe)).build().resolve(List.of(), new Request(List.of(request),
                        java.util.Set.of(), false));
                assertThat(exists).as("resolver found a plan the brute force says cannot exist: %s", universe).isTrue();
                assertThat(InstallSetCheck.problems(p.result())).as("plan %s for %s", p.result(), universe).isEmpty();
                assertThat(p.result()).anyMatch(c -> c.satisfies(request));
                sat++;
            } catch (UnsatisfiableException e) {
                assertThat(exists).as("resolver said unsatisfiable (%s) but a plan exists: %s", e.getMessage(), universe)
                        .isFalse();
                assertThat(e.reasons()).isNotEmpty();
                unsat++;
            }
        }
        // Both outcomes must actually be exercised, or the test proves little.
        assertThat(sat).isGreaterThan(50);
        assertThat(unsat).isGreaterThan(50);
    }

    private static List<Candidate> randomUniverse(Random rnd) {
        List<Candidate> out = new ArrayList<>();
        for (String name : NAMES) {
            int versions = 1 + rnd.nextInt(2);
            for (int v = 1; v <= versions; v++) {
                List<Dependency> deps = new ArrayList<>();
                for (int i = rnd.nextInt(3); i > 0; i--) {
                    List<Relation> alts = new ArrayList<>();
                    for (int k = rnd.nextInt(2); k >= 0; k--) {
                        alts.add(randomRelation(rnd));
                    }
                    deps.add(new Dependency(alts));
                }
                List<Relation> conflicts = new ArrayList<>();
                if (rnd.nextInt(3) == 0) {
                    conflicts.add(randomRelation(rnd));
                }
                List<Relation> breaks = new ArrayList<>();
                if (rnd.nextInt(5) == 0) {
                    breaks.add(randomRelation(rnd));
                }
                List<Provide> provides = new ArrayList<>();
                if (rnd.nextInt(3) == 0) {
                    provides.add(new Provide("virt", rnd.nextBoolean() ? null : DebianVersion.of(Integer.toString(1 + rnd.nextInt(2)))));
                }
                out.add(new Candidate(name, DebianVersion.of(Integer.toString(v)), "all", deps, List.of(), conflicts,
                        breaks, provides, rnd.nextInt(10) == 0));
            }
        }
        return out;
    }

    private static Relation randomRelation(Random rnd) {
        String name = rnd.nextInt(5) == 0 ? "virt" : NAMES[1 + rnd.nextInt(NAMES.length - 1)];
        return switch (rnd.nextInt(3)) {
            case 0 -> Relation.any(name);
            case 1 -> Relation.of(name, RelationOp.GE, DebianVersion.of("2"));
            default -> Relation.of(name, RelationOp.LT, DebianVersion.of("2"));
        };
    }

    private static boolean bruteForce(List<Candidate> universe, Relation request) {
        List<Candidate> usable = universe.stream().filter(c -> !c.yanked()).toList();
        for (long mask = 1; mask < (1L << usable.size()); mask++) {
            List<Candidate> set = new ArrayList<>();
            for (int i = 0; i < usable.size(); i++) {
                if ((mask & (1L << i)) != 0) {
                    set.add(usable.get(i));
                }
            }
            if (set.stream().anyMatch(c -> c.satisfies(request)) && InstallSetCheck.problems(set).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
