package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.version.DebianVersion;
import java.util.List;

/**
 * One release the resolver may choose: {@code name@version} with what it needs and excludes. Only the
 * fields the resolver reads; the rest of the release lives in its {@link Manifest}. Identity for the
 * resolver is {@link #key()} ({@code name} and {@code version}); two candidates with the same key are the
 * same release.
 *
 * @param depends Depends entries
 * @param preDepends Pre-Depends entries (resolved like Depends, and unpacked first)
 * @param yanked marked yanked in the registry: never newly chosen
 */
public record Candidate(
        String name,
        DebianVersion version,
        String architecture,
        List<Dependency> depends,
        List<Dependency> preDepends,
        List<Relation> conflicts,
        List<Relation> breaks,
        List<Provide> provides,
        boolean yanked) {

    public Candidate {
        depends = List.copyOf(depends);
        preDepends = List.copyOf(preDepends);
        conflicts = List.copyOf(conflicts);
        breaks = List.copyOf(breaks);
        provides = List.copyOf(provides);
    }

    /** The resolver's view of a manifest. */
    public static Candidate of(Manifest m, boolean yanked) {
        return new Candidate(m.name(), m.version(), m.architecture(), m.depends(), m.preDepends(), m.conflicts(),
                m.breaks(), m.provides(), yanked);
    }

    /** {@code name@version}. */
    public String key() {
        return name + "@" + version;
    }

    /** Whether this release satisfies {@code r}: by its own name and version, or by one of its provides. */
    public boolean satisfies(Relation r) {
        if (r.name().equals(name) && r.versionSatisfiedBy(version)) {
            return true;
        }
        for (Provide p : provides) {
            if (p.satisfies(r)) {
                return true;
            }
        }
        return false;
    }

    /** {@code name version}, as in messages. */
    @Override
    public String toString() {
        return name + " " + version;
    }
}
