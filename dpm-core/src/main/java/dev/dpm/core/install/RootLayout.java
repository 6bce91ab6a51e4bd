package dev.dpm.core.install;

import dev.dpm.core.db.LocalDatabase;
import java.nio.file.Path;

/**
 * Where dpm keeps its state inside an install root. Everything lives under {@code ROOT/var/lib/dpm},
 * on the same filesystem as the installed files, so a staged file reaches its place by rename.
 *
 * @param root the install root (absolute, normalized)
 */
public record RootLayout(Path root) {
    public RootLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** {@code ROOT/var/lib/dpm}. */
    public Path stateDir() {
        return root.resolve("var/lib/dpm");
    }

    /** The SQLite database, {@code ROOT/var/lib/dpm/dpm.db}. */
    public Path database() {
        return root.resolve(LocalDatabase.RELATIVE_PATH);
    }

    /** The lock file, {@code ROOT/var/lib/dpm/lock}; holds the pid of the holder. */
    public Path lockFile() {
        return stateDir().resolve("lock");
    }

    /** The write-ahead journal of the transaction in flight, {@code ROOT/var/lib/dpm/journal.json}. */
    public Path journal() {
        return stateDir().resolve("journal.json");
    }

    /** Parent of per-transaction staging directories, {@code ROOT/var/lib/dpm/staging}. */
    public Path stagingDir() {
        return stateDir().resolve("staging");
    }

    /** The absolute location of a manifest path (relative, '/'-separated). */
    public Path resolve(String relativePath) {
        return root.resolve(relativePath);
    }
}
