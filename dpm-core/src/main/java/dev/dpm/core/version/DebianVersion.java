package dev.dpm.core.version;

import java.util.Objects;

/**
  * A Debian package version {@code [epoch:]upstream[-revision]}, ordered exactly like
  * {@code dpkg --compare-versions} (dpkg's {@code verrevcmp}: {@code ~} sorts before everything, even the
  * end of the string; letters before other characters; digit runs compare numerically).
  *
  * <p>Equality follows the order, not the text: {@code 1.001} equals {@code 1.1}, {@code 0:1.0} equals
  * {@code 1.0}, {@code 1.0} equals {@code 1.0-0}. {@link #toString()} returns the text as parsed.
  * Immutable and thread-safe.
  */
public final class DebianVersion implements Comparable<DebianVersion> {
    private final String text;
    private final long epoch;
    private final String upstream;
    private final String revision;

    private DebianVersion(String text, long epoch, String upstream, String revision) {
        this.text = text;
        this.epoch = epoch;
        this.upstream = upstream;
        this.revision = revision;
    }

    /**
      * Parses a version the way dpkg does, but strictly: the upstream part must start with a digit and
      * contain only {@code [A-Za-z0-9.+~-:]} ({@code -} only with a revision, {@code :} only with an
      * epoch), the revision only {@code [A-Za-z0-9.+~]}.
      *
      * @throws VersionFormatException naming the text and the rule it breaks
      */
    public static DebianVersion parse(String text) throws VersionFormatException {
        if (text == null || text.isEmpty()) {
            throw new VersionFormatException(String.valueOf(text), "empty");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                throw new VersionFormatException(text, "contains whitespace");
            }
        }
        long epoch = 0;
        String rest = text;
        int colon = text.indexOf(':');
        if (colon >= 0) {
            String e = text.substring(0, colon);
            if (e.isEmpty() || e.length() > 9 || !e.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new VersionFormatException(text, "epoch is not a number");
            }
            epoch = Long.parseLong(e);
            rest = text.substring(colon + 1);
            if (rest.isEmpty()) {
                throw new VersionFormatException(text, "nothing after colon");
            }
        }
        String upstream = rest;
        String revision = "";
        int dash = rest.lastIndexOf('-');
        if (dash >= 0) {
            upstream = rest.substring(0, dash);
            revision = rest.substring(dash + 1);
            if (revision.isEmpty()) {
                throw new VersionFormatException(text, "revision is empty");
            }
        }
        if (upstream.isEmpty()) {
            throw new VersionFormatException(text, "upstream version is empty");
        }
        if (!isDigit(upstream.charAt(0))) {
            throw new VersionFormatException(text, "upstream version does not start with a digit");
        }
        for (int i = 0; i < upstream.length(); i++) {
            char c = upstream.charAt(i);
            boolean ok = isAlnum(c) || c == '.' || c == '+' || c == '~' || c == '-' || c == ':';
            if (!ok) {
                throw new VersionFormatException(text, "invalid character '" + c + "' in upstream version");
            }
        }
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (!(isAlnum(c) || c == '.' || c == '+' || c == '~')) {
                throw new VersionFormatException(text, "invalid character '" + c + "' in revision");
            }
        }
        return new DebianVersion(text, epoch, upstream, revision);
    }

    /**
      * Parses a version known to be valid (a literal in code); for input use {@link #parse(String)}.
      *
      * @throws IllegalArgumentException if it is not valid
      */
    public static DebianVersion of(String text) {
        try {
            return parse(text);
        } catch (VersionFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public long epoch() {
        return epoch;
    }

    public String upstream() {
        return upstream;
    }

    /** The Debian revision, empty when the version has none. */
    public String revision() {
        return revision;
    }

    @Override
    public int compareTo(DebianVersion o) {
        int c = Long.compare(epoch, o.epoch);
        if (c != 0) {
            return c;
        }
        c = compareFragment(upstream, o.upstream);
        if (c != 0) {
            return c;
        }
        return compareFragment(revision, o.revision);
    }

    /** dpkg's {@code verrevcmp}, returning only the sign. */
    static int compareFragment(String a, String b) {
        int i = 0;
        int j = 0;
        int la = a.length();
        int lb = b.length();
        while (i < la || j < lb) {
            int firstDiff = 0;
            while ((i < la && !isDigit(a.charAt(i))) || (j < lb && !isDigit(b.charAt(j)))) {
                int ac = order(i < la ? a.charAt(i) : 0);
                int bc = order(j < lb ? b.charAt(j) : 0);
                if (ac != bc) {
                    return Integer.signum(ac - bc);
                }
                i++;
                j++;
            }
            while (i < la && a.charAt(i) == '0') {
                i++;
            }
            while (j < lb && b.charAt(j) == '0') {
                j++;
            }
            while (i < la && isDigit(a.charAt(i)) && j < lb && isDigit(b.charAt(j))) {
                if (firstDiff == 0) {
                    firstDiff = a.charAt(i) - b.charAt(j);
                }
                i++;
                j++;
            }
            if (i < la && isDigit(a.charAt(i))) {
                return 1;
            }
            if (j < lb && isDigit(b.charAt(j))) {
                return -1;
            }
            if (firstDiff != 0) {
                return Integer.signum(firstDiff);
            }
        }
        return 0;
    }

    private static int order(int c) {
        if (c == 0 || isDigit(c)) {
            return 0;
        }
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            return c;
        }
        if (c == '~') {
            return -1;
        }
        return c + 256;
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DebianVersion v && compareTo(v) == 0;
    }

    /** Consistent with {@link #equals}: versions equal under dpkg's order hash alike. */
    @Override
    public int hashCode() {
        return Objects.hash(epoch, normalize(upstream), normalize(revision));
    }

    /** A form equal for fragments that compare equal: leading zeros of every digit run dropped. */
    private static String normalize(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isDigit(c)) {
                int start = i;
                while (i < s.length() && s.charAt(i) == '0') {
                    i++;
                }
                int nz = i;
                while (i < s.length() && isDigit(s.charAt(i))) {
                    i++;
                }
                out.append(nz == i && start < nz ? "0" : s.substring(nz, i)).append('|');
            } else {
                out.append(c);
                i++;
            }
        }
        // A trailing run of zeros compares like nothing at the end ("1.0" vs "1.0-0" revision "" vs "0").
        String n = out.toString();
        while (n.endsWith("0|")) {
            String shorter = n.substring(0, n.length() - 2);
            if (shorter.isEmpty() || !Character.isDigit(shorter.charAt(shorter.length() - 1))) {
                n = shorter;
            } else {
                break;
            }
        }
        return n;
    }

    /** The version text exactly as parsed. */
    @Override
    public String toString() {
        return text;
    }
}
