package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.resolve.Candidate;
import dev.dpm.core.resolve.Plan;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What one transaction changes: packages to install (a package already installed under that name is
 * upgraded, or downgraded, to the given manifest: the caller decides, e.g. the resolver's plan) and
 * packages to remove. Immutable.
 */
public final class InstallPlan {
    /**
     * Install (or replace) one package.
     *
     * @param manifest the release's manifest
     * @param content its payload's bytes
     * @param reason why: an already installed package keeps {@code EXPLICIT} if it had it
     */
    public record Install(Manifest manifest, PackageContent content, InstallReason reason) {
        public Install {
            Objects.requireNonNull(manifest, "manifest");
            Objects.requireNonNull(content, "content");
            Objects.requireNonNull(reason, "reason");
        }

        public String name() {
            return manifest.name();
        }
    }

    /** Turns a release the resolver chose into an install step: its manifest and its fetched content. */
    @FunctionalInterface
    public interface Materializer {
        /**
         * The step for {@code release}: its manifest (verified against the chain's CID by the caller) and
         * a port to its content (already fetched into the local blockstore, typically a
         * {@link BlockstorePackageContent}).
         */
        Install materialize(Candidate release, InstallReason reason) throws DpmException;
    }

    private final List<Install> installs;
    private final List<String> removals;

    /**
     * The installer's plan for the resolver's {@code plan}: its install and upgrade targets in unpack
     * order (reason {@code EXPLICIT} for names in {@code requested}, else {@code DEPENDENCY}; an
     * upgraded explicit package stays explicit), then its removals.
     */
    public static InstallPlan fromResolution(Plan plan, Collection<String> requested, Materializer materializer)
            throws DpmException {
        Builder b = builder();
        for (Candidate c : plan.unpackOrder()) {
            InstallReason reason = requested.contains(c.name()) ? InstallReason.EXPLICIT : InstallReason.DEPENDENCY;
            Install step = materializer.materialize(c, reason);
            if (!step.name().equals(c.name()) || !step.manifest().version().equals(c.version())) {
                throw new TransactionException("materializer returned " + step.manifest().id() + " for "
                        + c.name() + "@" + c.version());
            }
            b.installs.add(step);
        }
        Set<String> installed = new java.util.HashSet<>();
        b.installs.forEach(i -> installed.add(i.name()));
        for (Candidate c : plan.remove()) {
            // A name that is also (re)installed is replaced by that step anyway.
            if (!installed.contains(c.name())) {
                b.remove(c.name());
            }
        }
        return b.build();
    }

    private InstallPlan(List<Install> installs, List<String> removals) {
        this.installs = List.copyOf(installs);
        this.removals = List.copyOf(removals);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Packages to install or replace, in the order given. */
    public List<Install> installs() {
        return installs;
    }

    /** Names of installed packages to remove. */
    public List<String> removals() {
        return removals;
    }

    public boolean isEmpty() {
        return installs.isEmpty() && removals.isEmpty();
    }

    /** Collects the steps; {@link #build()} refuses a name given twice. Not thread-safe. */
    public static final class Builder {
        private final List<Install> installs = new ArrayList<>();
        private final Set<String> removals = new LinkedHashSet<>();

        public Builder install(Manifest manifest, PackageContent content, InstallReason reason) {
            installs.add(new Install(manifest, content, reason));
            return this;
        }

        public Builder remove(String name) {
            removals.add(Objects.requireNonNull(name, "name"));
            return this;
        }

        /**
         * The plan.
         *
         * @throws IllegalArgumentException when a name is installed twice, or installed and removed
         */
        public InstallPlan build() {
            Set<String> seen = new LinkedHashSet<>();
            for (Install i : installs) {
                if (!seen.add(i.name())) {
                    throw new IllegalArgumentException("package " + i.name() + " is installed twice in one plan");
                }
                if (removals.contains(i.name())) {
                    throw new IllegalArgumentException("package " + i.name() + " is both installed and removed");
                }
            }
            return new InstallPlan(installs, new ArrayList<>(removals));
        }
    }
}
