package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The bytes of one package's regular files: the port through which the installer reads a payload
 * ({@link BlockstorePackageContent} reads the UnixFS DAG from a local blockstore,
 * {@link DirectoryPackageContent} a directory). Untrusted: the installer checks every file's size
 * and SHA-256 against the manifest while staging it, and stops a source that writes too much.
 */
@FunctionalInterface
public interface PackageContent {
    /**
     * Writes the content of {@code entry} (a {@link FileEntry.Type#FILE} entry of the package's
     * manifest) to {@code out}. Does not close {@code out}.
     *
     * @throws IOException when writing fails (the installer's stream throws once the manifest's
     *     size is exceeded) or the content cannot be read
     * @throws DpmException when the content is not available
     */
    void copyTo(FileEntry entry, OutputStream out) throws IOException, DpmException;
}
