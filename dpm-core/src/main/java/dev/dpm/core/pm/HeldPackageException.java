package dev.dpm.core.pm;

import dev.dpm.core.DpmException;

/**
 * An operation would change or remove a held package ({@link PackageManager#hold}); nothing was
 * touched. The message names the package, its held version and how to release it.
 */
public final class HeldPackageException extends DpmException {
    private static final long serialVersionUID = 1L;
    private final String packageName;

    public HeldPackageException(String packageName, String message) {
        super(message);
        this.packageName = packageName;
    }

    public String packageName() {
        return packageName;
    }
}
