package dev.dpm.core.install;

import java.util.List;

/**
 * The result of checking installed files against the database.
 *
 * @param packagesChecked packages checked
 * @param pathsChecked paths checked
 * @param problems every difference found, by package then path, except those below
 * @param changedConfig differences in the content or mode of configuration files (the manifest's
 *     {@code conffiles}): the administrator's changes, which upgrades keep; reported, not problems
 */
public record VerifyReport(int packagesChecked, int pathsChecked, List<Problem> problems,
        List<Problem> changedConfig) {
    /** What is wrong with one path. */
    public enum Kind {
        /** Nothing at the path. */
        MISSING,
        /** Something of another type (file, directory, symlink) is there. */
        WRONG_TYPE,
        /** A file's size or SHA-256 differs. */
        MODIFIED,
        /** A file's or directory's permission bits differ. */
        MODE_CHANGED,
        /** A symlink points elsewhere. */
        TARGET_CHANGED
    }

    /**
     * One difference.
     *
     * @param packageName the owner
     * @param path the path
     * @param kind what
     * @param detail expected versus found, for a person
     */
    public record Problem(String packageName, String path, Kind kind, String detail) {
    }

    public VerifyReport {
        problems = List.copyOf(problems);
        changedConfig = List.copyOf(changedConfig);
    }

    /** Whether nothing differs but, perhaps, configuration files. */
    public boolean ok() {
        return problems.isEmpty();
    }
}
