package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/** A name the index does not know, or a package that is not installed; the message names it. */
public final class PackageNotFoundException extends DpmException {
    private static final long serialVersionUID = 1L;
    private final String packageName;

    public PackageNotFoundException(String packageName, String message) {
        super(message);
        this.packageName = packageName;
    }

    public String packageName() {
        return packageName;
    }
}
