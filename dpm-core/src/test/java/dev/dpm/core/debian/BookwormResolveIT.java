package dev.dpm.core.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Index;
import dev.dpm.core.resolve.InstallSetCheck;
import dev.dpm.core.resolve.Plan;
import dev.dpm.core.resolve.Request;
import dev.dpm.core.resolve.Resolver;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Resolves large real targets against Debian bookworm (main + updates + security, the lists apt has on
 * this machine) for an empty system and compares with apt's own answer ({@code apt-get -s} with an empty
 * dpkg status, Recommends off). Every difference must be a different choice for the same dependency;
 * dpm's set must pass the independent policy check; each target must resolve in under a second of the
 * resolving thread's CPU (wall time is reported too: on a shared 2-core machine it includes waiting).
 */
class BookwormResolveIT {
    private static Index index;
    private static Map<String, Candidate> byKey;
    private static long loadMillis;

    @TempDir
    static Path scratch;

    @BeforeAll
    static void load() throws Exception {
        List<Path> lists = PackagesIndex.aptLists(Path.of("/var/lib/apt/lists"), "bookworm", "amd64");
        assumeTrue(!lists.isEmpty() && AptSimulation.available(),
                "needs apt-get and bookworm lists in /var/lib/apt/lists (run apt-get update)");
        long t = System.nanoTime();
        List<Candidate> all = PackagesIndex.candidates(lists);
        index = Index.of(all);
        loadMillis = (System.nanoTime() - t) / 1_000_000;
        byKey = new HashMap<>();
        for (Candidate c : all) {
            if (c.architecture().equals("amd64") || c.architecture().equals("all")) {
                byKey.put(c.name() + "=" + c.version(), c);
            }
        }
        System.out.printf("bookworm index: %d releases, %d names, loaded in %d ms%n", index.size(), index.nameCount(),
                loadMillis);
    }

    @ParameterizedTest
    @ValueSource(strings = {"build-essential", "openjdk-17-jdk", "libreoffice-writer", "gnome-core"})
    void resolvesLikeApt(String target) throws Exception {
        Resolver resolver = Resolver.builder(index).hostArchitecture("amd64").timeLimit(Duration.ofSeconds(5)).build();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        // First run warms the JIT; the second is the one measured (the index is loaded once per process).
        resolver.resolve(List.of(), Request.install(target));
        long cpu0 = mx.getCurrentThreadCpuTime();
        long wall0 = System.nanoTime();
        Plan plan = resolver.resolve(List.of(), Request.install(target));
        long cpuMs = (mx.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
        long wallMs = (System.nanoTime() - wall0) / 1_000_000;

        AptSimulation apt = AptSimulation.create(scratch.resolve(target), Path.of("/var/lib/apt/lists"), "amd64");
        AptSimulation.Answer answer = apt.install(target);

        List<Candidate> ours = plan.result();
        List<Candidate> theirs = new ArrayList<>();
        for (Map.Entry<String, String> e : answer.installs().entrySet()) {
            Candidate c = byKey.get(e.getKey() + "=" + e.getValue());
            assertThat(c).as("apt installs %s %s, which is not in the index dpm loaded", e.getKey(), e.getValue()).isNotNull();
            theirs.add(c);
        }
        assertThat(plan.install()).anyMatch(c -> c.name().equals(target));
        assertThat(InstallSetCheck.problems(ours)).as("dpm's set for %s", target).isEmpty();
        assertThat(InstallSetCheck.problems(theirs)).as("apt's set for %s (checker sanity)", target).isEmpty();

        Map<String, Candidate> oursByName = byName(ours);
        Map<String, Candidate> theirsByName = byName(theirs);
        Set<String> onlyApt = new TreeSet<>(theirsByName.keySet());
        onlyApt.removeAll(oursByName.keySet());
        Set<String> onlyDpm = new TreeSet<>(oursByName.keySet());
        onlyDpm.removeAll(theirsByName.keySet());
        List<String> versionDiffs = new ArrayList<>();
        for (String n : oursByName.keySet()) {
            Candidate t = theirsByName.get(n);
            if (t != null && !t.version().equals(oursByName.get(n).version())) {
                versionDiffs.add(n + " dpm " + oursByName.get(n).version() + " apt " + t.version());
            }
        }
        assertThat(versionDiffs).as("same names, different versions").isEmpty();

        // Account for each difference: a dependency of a package both install, satisfied differently.
        Set<String> choices = new LinkedHashSet<>();
        Set<String> accounted = new TreeSet<>();
        Map<String, List<Candidate>> oursProv = providers(ours);
        Map<String, List<Candidate>> theirsProv = providers(theirs);
        for (Candidate both : ours) {
            if (!theirsByName.containsKey(both.name())) {
                continue;
            }
            List<Dependency> deps = new ArrayList<>(both.preDepends());
            deps.addAll(both.depends());
            for (Dependency d : deps) {
                List<Candidate> a = InstallSetCheck.satisfiers(d, theirsByName, theirsProv);
                List<Candidate> o = InstallSetCheck.satisfiers(d, oursByName, oursProv);
                if (!names(a).equals(names(o))) {
                    choices.add(both.name() + ": " + d + " -> apt " + names(a) + ", dpm " + names(o));
                    a.forEach(c -> accounted.add(c.name()));
                    o.forEach(c -> accounted.add(c.name()));
                }
            }
        }
        // What a differently chosen package pulls in is accounted for through it.
        boolean grew = true;
        while (grew) {
            grew = false;
            for (List<Candidate> set : List.of(theirs, ours)) {
                Map<String, Candidate> sn = set == ours ? oursByName : theirsByName;
                Map<String, List<Candidate>> sp = set == ours ? oursProv : theirsProv;
                for (Candidate c : set) {
                    if (!accounted.contains(c.name()) || !(onlyApt.contains(c.name()) || onlyDpm.contains(c.name()))) {
                        continue;
                    }
                    List<Dependency> deps = new ArrayList<>(c.preDepends());
                    deps.addAll(c.depends());
                    for (Dependency d : deps) {
                        for (Candidate s : InstallSetCheck.satisfiers(d, sn, sp)) {
                            grew |= accounted.add(s.name());
                        }
                    }
                }
            }
        }
        Set<String> unaccounted = new TreeSet<>();
        for (String n : onlyApt) {
            if (!accounted.contains(n)) {
                unaccounted.add("apt only: " + n);
            }
        }
        for (String n : onlyDpm) {
            if (!accounted.contains(n)) {
                unaccounted.add("dpm only: " + n);
            }
        }
        System.out.printf("%s: dpm %d packages (cpu %d ms, wall %d ms, optimal=%s), apt %d packages (apt-get -s wall %d ms);"
                + " only apt %s; only dpm %s%n", target, ours.size(), cpuMs, wallMs, plan.optimal(), theirs.size(),
                answer.wallNanos() / 1_000_000, onlyApt, onlyDpm);
        choices.forEach(c -> System.out.println("  choice " + c));
        assertThat(unaccounted).as("differences not explained by a different choice").isEmpty();
        assertThat(cpuMs).as("resolver CPU time for %s", target).isLessThan(1000);
    }

    private static Map<String, Candidate> byName(List<Candidate> set) {
        Map<String, Candidate> m = new HashMap<>();
        set.forEach(c -> m.put(c.name(), c));
        return m;
    }

    private static Map<String, List<Candidate>> providers(List<Candidate> set) {
        Map<String, List<Candidate>> m = new HashMap<>();
        for (Candidate c : set) {
            for (Provide p : c.provides()) {
                m.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(c);
            }
        }
        return m;
    }

    private static Set<String> names(List<Candidate> cs) {
        Set<String> s = new TreeSet<>();
        cs.forEach(c -> s.add(c.name()));
        return s;
    }
}
