package dev.dpm.core.debimport;

import dev.dpm.core.DpmException;
import java.nio.file.Path;

/**
 * A {@code .deb} that dpm cannot import. The message names the file and, when there is one, the member
 * at fault ({@code hello.deb: data.tar.xz: ./usr/bin/x: ...}). Subclasses say why: the archive is
 * corrupt or not a Debian binary package ({@link DebFormatException}), or it holds an entry dpm refuses
 * to install ({@link UnsafeDebEntryException}).
 */
public class DebArchiveException extends DpmException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String member;

    public DebArchiveException(Path file, String member, String problem, Throwable cause) {
        super(describe(file, member, problem), cause);
        this.file = file;
        this.member = member;
    }

    public DebArchiveException(Path file, String member, String problem) {
        this(file, member, problem, null);
    }

    /** The {@code .deb} at fault. */
    public Path file() {
        return file;
    }

    /**
     * The member at fault: an ar member ({@code control.tar.xz}), optionally followed by a tar entry
     * ({@code data.tar.xz: ./usr/bin/x}); null when the archive as a whole is at fault.
     */
    public String member() {
        return member;
    }

    private static String describe(Path file, String member, String problem) {
        return file + (member == null ? "" : ": " + member) + ": " + problem;
    }
}
