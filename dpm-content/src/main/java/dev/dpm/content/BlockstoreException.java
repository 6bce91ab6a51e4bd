package dev.dpm.content;

import java.io.IOException;
import java.nio.file.Path;

/** The blockstore's storage failed (disk I/O); {@link #path()} is the file or directory at fault. */
public final class BlockstoreException extends ContentException {
    private final Path path;

    public BlockstoreException(Path path, String what, IOException cause) {
        super(what + " " + path + ": " + cause.getMessage(), cause);
        this.path = path;
    }

    public Path path() {
        return path;
    }
}
