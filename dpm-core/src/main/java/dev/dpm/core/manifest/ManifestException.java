package dev.dpm.core.manifest;

import dev.dpm.core.DpmException;

/**
 * An invalid manifest, control file or relation. {@link #field()} names the manifest field at fault
 * (e.g. {@code depends}), or is null when the fault is not in one field (bad JSON, a file that cannot
 * be read). The message is one line: {@code manifest field 'depends': bad relation 'foo (>> )'}.
 */
public class ManifestException extends DpmException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public ManifestException(String field, String message) {
        super(field == null ? message : "manifest field '" + field + "': " + message);
        this.field = field;
    }

    public ManifestException(String field, String message, Throwable cause) {
        super(field == null ? message : "manifest field '" + field + "': " + message, cause);
        this.field = field;
    }

    /** The manifest field at fault, or null. */
    public String field() {
        return field;
    }
}
