package dev.dpm.cli;

import dev.dpm.core.manifest.Relation;

/**
 * Checks a package name given on the command line before any work: a malformed name is refused at
 * once (exit 4), not after unlocking a key and asking the chain about a package that cannot exist.
 */
public final class PackageNames {
    private PackageNames() {
    }

    /** {@code name} if it follows Debian's package name rule, else a {@link CliError}. */
    public static String check(String name) {
        if (!Relation.isValidName(name)) {
            throw new CliError(ExitCodes.INVALID_INPUT, "'" + name + "' is not a package name: lowercase letters,"
                    + " digits and + - . only, starting with a letter or digit, 2 to 128 characters");
        }
        return name;
    }
}
