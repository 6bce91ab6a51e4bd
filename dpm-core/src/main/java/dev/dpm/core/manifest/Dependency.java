package dev.dpm.core.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One entry of a Depends-like field: alternatives {@code a | b (>= 1)}, satisfied by any of them. Order
 * matters: like apt, the resolver prefers the first alternative.
 */
public record Dependency(List<Relation> alternatives) {
    public Dependency {
        alternatives = List.copyOf(alternatives);
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("a dependency needs at least one alternative");
        }
    }

    public static Dependency of(Relation... alternatives) {
        return new Dependency(List.of(alternatives));
    }

    /** Parses {@code a | b (>= 1)}; the exception quotes the bad alternative, no field. */
    public static Dependency parse(String text) throws ManifestException {
        List<Relation> alts = new ArrayList<>();
        for (String part : text.split("\\|", -1)) {
            alts.add(Relation.parse(part));
        }
        return new Dependency(alts);
    }

    /**
     * Parses a whole comma-separated field ({@code Depends: a, b | c (>= 1)}); an empty or blank text
     * gives an empty list.
     *
     * @param field the manifest field name, for the message
     */
    public static List<Dependency> parseList(String field, String text) throws ManifestException {
        List<Dependency> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",", -1)) {
            try {
                out.add(parse(entry));
            } catch (ManifestException e) {
                throw new ManifestException(field, e.getMessage(), e);
            }
        }
        return out;
    }

    /** Parses a comma-separated list of single relations (Conflicts, Breaks, Replaces): no alternatives. */
    public static List<Relation> parseRelations(String field, String text) throws ManifestException {
        List<Relation> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String entry : text.split(",", -1)) {
            try {
                if (entry.contains("|")) {
                    throw new ManifestException(null, "alternatives are not allowed here: '" + entry.strip() + "'");
                }
                out.add(Relation.parse(entry));
            } catch (ManifestException e) {
                throw new ManifestException(field, e.getMessage(), e);
            }
        }
        return out;
    }

    /** Canonical text: alternatives joined by {@code " | "}. */
    @Override
    public String toString() {
        return alternatives.stream().map(Relation::toString).collect(Collectors.joining(" | "));
    }
}
