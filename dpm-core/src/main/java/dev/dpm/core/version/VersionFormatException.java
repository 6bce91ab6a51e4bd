package dev.dpm.core.version;

import dev.dpm.core.DpmException;

/** A version string that is not a valid Debian version; the message quotes the string and says why. */
public final class VersionFormatException extends DpmException {
    private static final long serialVersionUID = 1L;
    private final String text;

    public VersionFormatException(String text, String reason) {
        super("bad version '" + text + "': " + reason);
        this.text = text;
    }

    /** The rejected version string, as given. */
    public String text() {
        return text;
    }
}
