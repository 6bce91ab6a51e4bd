package dev.dpm.core.resolve;

import java.util.List;

/**
 * No installed set meets the request. {@link #reasons()} is a minimal set of facts that together
 * cannot hold (removing any one of them would make the request satisfiable), ordered from the request
 * along the dependency chain, each one a sentence such as {@code app 1.0 depends on libx (>= 2)} or
 * {@code libx 2.0 conflicts with liby 1.0}. The message joins them.
 */
public final class UnsatisfiableException extends ResolveException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> reasons;

    public UnsatisfiableException(List<String> reasons) {
        super("cannot satisfy the request: " + String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    /** The conflicting facts, request first. */
    public List<String> reasons() {
        return reasons;
    }
}
