package dev.dpm.core.resolve;

import dev.dpm.core.manifest.Provide;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable in-memory {@link Universe}. If two candidates share a key, the last one wins. Thread-safe.
 */
public final class Index implements Universe {
    private final Map<String, List<Candidate>> byName;
    private final Map<String, List<Candidate>> byProvided;
    private final int size;

    private Index(Map<String, List<Candidate>> byName, Map<String, List<Candidate>> byProvided, int size) {
        this.byName = byName;
        this.byProvided = byProvided;
        this.size = size;
    }

    /** Indexes the candidates (newest first per name). */
    public static Index of(Collection<Candidate> candidates) {
        Map<String, Map<String, Candidate>> unique = new HashMap<>();
        for (Candidate c : candidates) {
            unique.computeIfAbsent(c.name(), k -> new HashMap<>()).put(c.version().toString() + "/" + c.architecture(), c);
        }
        Map<String, List<Candidate>> byName = new HashMap<>();
        Map<String, List<Candidate>> byProvided = new HashMap<>();
        int size = 0;
        for (Map.Entry<String, Map<String, Candidate>> e : unique.entrySet()) {
            List<Candidate> versions = new ArrayList<>(e.getValue().values());
            versions.sort(Comparator.comparing(Candidate::version).reversed());
            byName.put(e.getKey(), List.copyOf(versions));
            size += versions.size();
            for (Candidate c : versions) {
                for (Provide p : c.provides()) {
                    byProvided.computeIfAbsent(p.name(), k -> new ArrayList<>()).add(c);
                }
            }
        }
        byProvided.replaceAll((k, v) -> List.copyOf(v));
        return new Index(Map.copyOf(byName), Map.copyOf(byProvided), size);
    }

    @Override
    public List<Candidate> versionsOf(String name) {
        return byName.getOrDefault(name, List.of());
    }

    @Override
    public List<Candidate> providersOf(String name) {
        return byProvided.getOrDefault(name, List.of());
    }

    /** Number of releases. */
    public int size() {
        return size;
    }

    /** Number of distinct package names. */
    public int nameCount() {
        return byName.size();
    }
}
