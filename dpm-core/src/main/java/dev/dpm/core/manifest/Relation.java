package dev.dpm.core.manifest;

import dev.dpm.core.version.DebianVersion;
import dev.dpm.core.version.VersionFormatException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Debian relation: {@code name[:arch] [(op version)]}. {@code op} and {@code version} are both
 * null or both set. The architecture qualifier ({@code :any}, {@code :native}) is kept so that the text
 * round-trips, but dpm resolves for one architecture and ignores it.
 */
public record Relation(String name, String archQualifier, RelationOp op, DebianVersion version) {
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9+.-]{1,127}");
    private static final Pattern ARCH = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([^\\s(:]+)(?::([^\\s(]+))?\\s*(?:\\(\\s*(<<|<=|=|>=|>>|<|>)\\s*([^\\s)<>=][^\\s)]*)\\s*\\))?\\s*");

    public Relation {
        if (name == null || !isValidName(name)) {
            throw new IllegalArgumentException("bad package name '" + name + "'");
        }
        if ((op == null) != (version == null)) {
            throw new IllegalArgumentException("op and version must both be set or both be null");
        }
        if (archQualifier != null && !ARCH.matcher(archQualifier).matches()) {
            throw new IllegalArgumentException("bad architecture qualifier '" + archQualifier + "'");
        }
    }

    /** An unversioned relation on {@code name}. */
    public static Relation any(String name) {
        return new Relation(name, null, null, null);
    }

    /** A versioned relation {@code name (op version)}. */
    public static Relation of(String name, RelationOp op, DebianVersion version) {
        return new Relation(name, null, op, version);
    }

    /** Debian's package name rule {@code [a-z0-9][a-z0-9+.-]+}, 2 to 128 characters. */
    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * Parses one relation as written in a control file; tolerant of whitespace, strict otherwise.
     *
     * @throws ManifestException (no field) quoting the text, e.g. {@code bad relation 'foo (>> )'}
     */
    public static Relation parse(String text) throws ManifestException {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new ManifestException(null, "bad relation '" + text.strip() + "'");
        }
        String name = m.group(1);
        if (!isValidName(name)) {
            throw new ManifestException(null, "bad relation '" + text.strip() + "': package name '" + name
                    + "' does not match [a-z0-9][a-z0-9+.-]+ (2..128 characters)");
        }
        String arch = m.group(2);
        if (arch != null && !ARCH.matcher(arch).matches()) {
            throw new ManifestException(null, "bad relation '" + text.strip() + "': bad architecture qualifier");
        }
        RelationOp op = m.group(3) == null ? null : RelationOp.fromSymbol(m.group(3));
        DebianVersion version = null;
        if (op != null) {
            try {
                version = DebianVersion.parse(m.group(4));
            } catch (VersionFormatException e) {
                throw new ManifestException(null, "bad relation '" + text.strip() + "': " + e.getMessage(), e);
            }
        }
        return new Relation(name, arch, op, version);
    }

    /** Whether a package or a provided name with this version satisfies the relation's version part. */
    public boolean versionSatisfiedBy(DebianVersion candidate) {
        if (op == null) {
            return true;
        }
        return candidate != null && op.test(candidate, version);
    }

    /** Canonical text: {@code name[:arch][ (op version)]}, single spaces. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(name);
        if (archQualifier != null) {
            b.append(':').append(archQualifier);
        }
        if (op != null) {
            b.append(" (").append(op.symbol()).append(' ').append(version).append(')');
        }
        return b.toString();
    }
}
