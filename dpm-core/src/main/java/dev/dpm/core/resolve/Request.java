package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Relation;
import dev.dpm.core.manifest.RelationOp;
import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the user asked for: packages to install ({@code NAME} or {@code NAME=VERSION}, any relation in
 * general), names to remove, and whether to upgrade everything installed to its newest release.
 */
public record Request(List<Relation> install, Set<String> remove, boolean upgradeAll) {
    public Request {
        install = List.copyOf(install);
        remove = Set.copyOf(new LinkedHashSet<>(remove));
    }

    /** Install {@code NAME} or {@code NAME=VERSION} for each spec. */
    public static Request install(String... specs) {
        List<Relation> rels = new ArrayList<>();
        for (String s : specs) {
            rels.add(spec(s));
        }
        return new Request(rels, Set.of(), false);
    }

    /** Remove the named packages. */
    public static Request remove(String... names) {
        return new Request(List.of(), Set.of(names), false);
    }

    /** Upgrade everything installed. */
    public static Request upgrade() {
        return new Request(List.of(), Set.of(), true);
    }

    /**
     * Parses {@code NAME} or {@code NAME=VERSION}.
     *
     * @throws IllegalArgumentException for a bad name or version (the CLI checks input with
     *     {@link Relation#isValidName} and {@link DebianVersion#parse} first to report it nicely)
     */
    public static Relation spec(String s) {
        int eq = s.indexOf('=');
        if (eq < 0) {
            return Relation.any(s);
        }
        return Relation.of(s.substring(0, eq), RelationOp.EQ, DebianVersion.of(s.substring(eq + 1)));
    }
}
