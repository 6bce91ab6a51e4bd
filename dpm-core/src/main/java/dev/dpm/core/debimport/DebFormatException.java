package dev.dpm.core.debimport;

import java.nio.file.Path;

/**
 * The file is not a readable Debian binary package: not an ar archive, a missing or unknown member,
 * a truncated or corrupt compressed stream, a control file without the required fields, or data whose
 * MD5 differs from the package's own {@code md5sums}.
 */
public final class DebFormatException extends DebArchiveException {
    private static final long serialVersionUID = 1L;

    public DebFormatException(Path file, String member, String problem, Throwable cause) {
        super(file, member, problem, cause);
    }

    public DebFormatException(Path file, String member, String problem) {
        super(file, member, problem);
    }
}
