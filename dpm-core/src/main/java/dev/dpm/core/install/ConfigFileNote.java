package dev.dpm.core.install;

/**
 * What a transaction did with a configuration file (a path in the manifest's {@code conffiles}) that
 * the administrator had changed: the changes are never overwritten or deleted.
 *
 * @param packageName the package that owns (or owned) the file
 * @param path the file, relative to the root
 * @param outcome what happened
 * @param otherPath for {@link Outcome#NEW_VERSION_BESIDE} where the package's new version was put,
 *     for {@link Outcome#SAVED} where the changed file was moved; null for {@link Outcome#KEPT}
 */
public record ConfigFileNote(String packageName, String path, Outcome outcome, String otherPath) {
    /** What happened to a changed configuration file. */
    public enum Outcome {
        /** Left as it was: the new release ships the same version of the file as the old one. */
        KEPT,
        /** Left as it was; the new release's version of it was written beside it ({@code PATH.dpmnew}). */
        NEW_VERSION_BESIDE,
        /** Its package was removed (or no longer ships it): moved to {@code PATH.dpmsave}. */
        SAVED
    }
}
