package dev.dpm.core.resolve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Scenarios in the style of pacman's tests: an index, an installed set, one request, the expected plan. */
class ResolverTest {

    /** A candidate from control-file-like strings; {@code yanked} when the version ends with "!". */
    static Candidate pkg(String name, String version, String depends, String conflicts, String provides) {
        return pkg(name, version, "amd64", depends, conflicts, "", provides);
    }

    static Candidate pkg(String name, String version, String arch, String depends, String conflicts, String breaks,
            String provides) {
        try {
            boolean yanked = version.endsWith("!");
            return new Candidate(name, DebianVersion.of(yanked ? version.substring(0, version.length() - 1) : version),
                    arch, Dependency.parseList("depends", depends), List.of(),
                    Dependency.parseRelations("conflicts", conflicts), Dependency.parseRelations("breaks", breaks),
                    Provide.parseList("provides", provides), yanked);
        } catch (ManifestException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Candidate pkg(String name, String version, String depends) {
        return pkg(name, version, depends, "", "");
    }

    static Plan resolve(List<Candidate> universe, List<Candidate> installed, Request r) throws ResolveException {
        return Resolver.builder(Index.of(universe)).build().resolve(installed, r);
    }

    static List<String> keys(List<Candidate> cs) {
        List<String> out = new ArrayList<>();
        for (Candidate c : cs) {
            out.add(c.key());
        }
        return out;
    }

    @Test
    void installsDependenciesFirstInUnpackOrder() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1.0", "libx (>= 2), liby"), pkg("libx", "1.0", ""), pkg("libx", "2.0", "liby"),
                pkg("liby", "1", ""), pkg("unrelated", "1", ""));
        Plan p = resolve(u, List.of(), Request.install("app"));
        assertThat(keys(p.unpackOrder())).containsExactly("liby@1", "libx@2.0", "app@1.0");
        assertThat(p.remove()).isEmpty();
        assertThat(p.optimal()).isTrue();
    }

    @Test
    void prefersFirstAlternativeUnlessItConflicts() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1", "mta-a | mta-b"), pkg("mta-a", "1", "big1, big2"), pkg("mta-b", "1", ""),
                pkg("big1", "1", ""), pkg("big2", "1", ""));
        assertThat(keys(resolve(u, List.of(), Request.install("app")).install())).contains("mta-a@1", "big1@1");
        List<Candidate> u2 = new ArrayList<>(u);
        u2.set(0, pkg("app", "1", "mta-a | mta-b", "big2", ""));
        assertThat(keys(resolve(u2, List.of(), Request.install("app")).install()))
                .containsExactlyInAnyOrder("mta-b@1", "app@1");
    }

    @Test
    void virtualPackagesAndVersionedProvides() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1", "awk, libfoo-abi (>= 2)"), pkg("mawk", "1", "", "", "awk"),
                pkg("old-foo", "1", "", "", "libfoo-abi (= 1)"), pkg("new-foo", "1", "", "", "libfoo-abi (= 2)"),
                pkg("plain-foo", "1", "", "", "libfoo-abi"));
        Plan p = resolve(u, List.of(), Request.install("app"));
        assertThat(keys(p.install())).containsExactlyInAnyOrder("app@1", "mawk@1", "new-foo@1");
    }

    @Test
    void aPackageDoesNotConflictWithWhatItProvides() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1", "mail-transport-agent"),
                pkg("exim", "1", "", "mail-transport-agent", "mail-transport-agent"),
                pkg("postfix", "1", "", "mail-transport-agent", "mail-transport-agent"));
        Plan p = resolve(u, List.of(), Request.install("app"));
        assertThat(p.install()).hasSize(2);
        assertThatThrownBy(() -> resolve(u, List.of(), Request.install("exim", "postfix")))
                .isInstanceOf(UnsatisfiableException.class)
                .hasMessageContaining("conflicts with mail-transport-agent");
    }

    @Test
    void explainsAConflictingDependencyChain() {
        List<Candidate> u = List.of(pkg("app", "1.0", "libx (>= 2), mid"), pkg("mid", "1", "liby"),
                pkg("libx", "1.0", ""), pkg("libx", "2.0", "", "liby", ""), pkg("liby", "1.0", ""), pkg("noise", "1", ""));
        assertThatThrownBy(() -> resolve(u, List.of(), Request.install("app")))
                .isInstanceOfSatisfying(UnsatisfiableException.class, e -> assertThat(e.reasons()).containsExactly(
                        "you asked to install app",
                        "app 1.0 depends on libx (>= 2)",
                        "app 1.0 depends on mid",
                        "mid 1 depends on liby",
                        "libx 2.0 conflicts with liby: liby 1.0"));
    }

    @Test
    void neverChoosesYankedReleases() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1", "lib (>= 2)"), pkg("lib", "1", ""), pkg("lib", "2!", ""));
        assertThatThrownBy(() -> resolve(u, List.of(), Request.install("app")))
                .isInstanceOf(UnsatisfiableException.class)
                .hasMessageContaining("app 1 depends on lib (>= 2), which no installable release satisfies")
                .hasMessageContaining("lib 2 is yanked");
        assertThat(keys(resolve(u, List.of(), Request.install("lib")).install())).containsExactly("lib@1");
        // An installed yanked release stays installed; it is not removed behind the user's back.
        Plan keep = resolve(u, List.of(pkg("lib", "2!", "")), Request.install("app"));
        assertThat(keys(keep.install())).containsExactly("app@1");
        assertThat(keys(keep.keptYanked())).containsExactly("lib@2");
        // With a newer release available, upgrade moves off the yanked one.
        List<Candidate> u3 = new ArrayList<>(u);
        u3.add(pkg("lib", "3", ""));
        Plan up = resolve(u3, List.of(pkg("lib", "2!", "")), Request.upgrade());
        assertThat(up.upgrade()).extracting(Plan.Upgrade::toString).containsExactly("lib 2 -> 3");
        assertThat(up.keptYanked()).isEmpty();
    }

    @Test
    void upgradePicksNewestAndNeverDowngrades() throws Exception {
        List<Candidate> u = List.of(pkg("aa", "1", ""), pkg("aa", "2", ""), pkg("aa", "3", "bb (>= 2)"), pkg("bb", "1", ""),
                pkg("bb", "2", ""), pkg("cc", "5", ""));
        List<Candidate> installed = List.of(pkg("aa", "1", ""), pkg("bb", "1", ""), pkg("cc", "9", ""));
        Plan p = resolve(u, installed, Request.upgrade());
        assertThat(p.upgrade()).extracting(Plan.Upgrade::toString).containsExactlyInAnyOrder("bb 1 -> 2", "aa 1 -> 3");
        assertThat(p.remove()).isEmpty();
        // c 9 is installed, the index only has 5: kept, never downgraded.
        assertThat(keys(p.result())).contains("cc@9");
        // An install request keeps installed versions unless required.
        Plan q = resolve(u, installed, Request.install("aa=3"));
        assertThat(q.upgrade()).extracting(Plan.Upgrade::toString).containsExactlyInAnyOrder("aa 1 -> 3", "bb 1 -> 2");
        // A downgrade happens only when the request names the version.
        assertThat(resolve(u, List.of(pkg("aa", "3", "")), Request.install("aa=1")).upgrade())
                .extracting(Plan.Upgrade::toString).containsExactly("aa 3 -> 1");
    }

    @Test
    void keepsInstalledPackagesUnlessTheRequestForcesRemoval() throws Exception {
        List<Candidate> u = List.of(pkg("new", "1", "", "old", ""), pkg("old", "1", ""), pkg("user", "1", "old"),
                pkg("free", "1", ""));
        List<Candidate> installed = List.of(pkg("old", "1", ""), pkg("user", "1", "old"), pkg("free", "1", ""));
        Plan p = resolve(u, installed, Request.install("new"));
        assertThat(keys(p.remove())).containsExactly("old@1", "user@1");
        assertThat(keys(p.result())).contains("free@1");
        Plan r = resolve(u, installed, Request.remove("old"));
        assertThat(keys(r.remove())).containsExactly("old@1", "user@1");
    }

    @Test
    void breaksExcludeAndArchitecturesFilter() throws Exception {
        List<Candidate> u = List.of(pkg("app", "1", "amd64", "lib", "", "tool (<< 2)", ""),
                pkg("lib", "1", "arm64", "", "", "", ""), pkg("lib", "1", "all", "", "", "", ""),
                pkg("tool", "1", ""), pkg("tool", "2", ""));
        Plan p = resolve(u, List.of(), Request.install("app", "tool"));
        assertThat(keys(p.result())).containsExactlyInAnyOrder("lib@1", "app@1", "tool@2");
        assertThatThrownBy(() -> resolve(u, List.of(), Request.install("app", "tool=1")))
                .hasMessageContaining("app 1 breaks tool (<< 2): tool 1");
    }

    @Test
    void unknownPackageIsExplained() {
        assertThatThrownBy(() -> resolve(List.of(pkg("aa", "1", "")), List.of(), Request.install("zz")))
                .isInstanceOf(UnsatisfiableException.class).hasMessage("cannot satisfy the request: you asked to install zz");
    }

    @Test
    void installedSetIsUnchangedByAnEmptyRequest() throws Exception {
        List<Candidate> u = List.of(pkg("aa", "1", ""), pkg("aa", "2", ""));
        Plan p = resolve(u, List.of(pkg("aa", "1", "")), new Request(List.of(), Set.of(), false));
        assertThat(p.isEmpty()).isTrue();
    }

    @Test
    void refusesASilentDowngradeAndSaysSo() {
        List<Candidate> u = List.of(pkg("app", "1", "lib (<< 3)"), pkg("lib", "2", ""), pkg("lib", "3", ""));
        assertThatThrownBy(() -> resolve(u, List.of(pkg("lib", "3", "")), Request.install("app")))
                .isInstanceOf(UnsatisfiableException.class)
                .hasMessageContaining("app 1 depends on lib (<< 3), which no installable release satisfies")
                .hasMessageContaining("lib 2 would downgrade the installed 3");
    }
}
