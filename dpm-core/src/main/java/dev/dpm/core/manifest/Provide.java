package dev.dpm.core.manifest;

import dev.dpm.core.version.DebianVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * A Provides entry: a (usually virtual) name, optionally with {@code (= version)}. As in Debian, an
 * unversioned provide satisfies only unversioned relations; a versioned one satisfies a versioned
 * relation when its version does.
 */
public record Provide(String name, DebianVersion version) {
    public Provide {
        if (!Relation.isValidName(name)) {
            throw new IllegalArgumentException("bad provided name '" + name + "'");
        }
    }

    /** Parses {@code name} or {@code name (= version)}; other operators are refused, as dpkg does. */
    public static Provide parse(String text) throws ManifestException {
        Relation r = Relation.parse(text);
        if (r.op() != null && r.op() != RelationOp.EQ) {
            throw new ManifestException(null, "bad provide '" + text.strip() + "': only '=' is allowed");
        }
        return new Provide(r.name(), r.version());
    }

    /** Parses a comma-separated Provides field. */
    public static List<Provide> parseList(String field, String text) throws ManifestException {
        List<Provide> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",", -1)) {
            try {
                if (entry.contains("|")) {
                    throw new ManifestException(null, "alternatives are not allowed here: '" + entry.strip() + "'");
                }
                out.add(parse(entry));
            } catch (ManifestException e) {
                throw new ManifestException(field, e.getMessage(), e);
            }
        }
        return out;
    }

    /** Whether this provide satisfies {@code relation} (same name; version rule as in the class doc). */
    public boolean satisfies(Relation relation) {
        if (!relation.name().equals(name)) {
            return false;
        }
        if (relation.op() == null) {
            return true;
        }
        return version != null && relation.op().test(version, relation.version());
    }


    @Override
    public String toString() {
        return version == null ? name : name + " (= " + version + ")";
    }
}
