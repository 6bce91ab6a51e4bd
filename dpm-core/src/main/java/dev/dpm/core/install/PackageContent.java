package dev.dpm.core.install;

import dev.dpm.core.DpmException;
import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bytes of one package's regular files (the port through which the installer reads a payload;
 * the real implementation exports the UnixFS DAG from the local blockstore). Untrusted: the
 * installer checks every file's size and SHA-256 against the manifest while staging it.
 */
@FunctionalInterface
public interface PackageContent {
    /**
     * Opens the content of {@code entry} (a {@link FileEntry.Type#FILE} entry of the package's
     * manifest). The caller closes the stream.
     *
     * @throws IOException or DpmException when the content is not available
     */
    InputStream open(FileEntry entry) throws IOException, DpmException;
}
