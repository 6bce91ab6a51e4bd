package dev.dpm.core.debimport;

import java.nio.file.Path;

/**
 * A data.tar entry dpm refuses to extract: an absolute path, a {@code ..} component, a path below a
 * symlink of the same archive, a device node, a FIFO, or a hard link to something outside the archive.
 * {@link #member()} names the ar member and the entry.
 */
public final class UnsafeDebEntryException extends DebArchiveException {
    private static final long serialVersionUID = 1L;

    public UnsafeDebEntryException(Path file, String member, String problem) {
        super(file, member, problem);
    }
}
