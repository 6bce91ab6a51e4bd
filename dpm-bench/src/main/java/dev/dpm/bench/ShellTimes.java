package dev.dpm.bench;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CPU time of a baseline tool run by a shell: POSIX {@code times}, run after the tool, prints
 * the shell's own user and system times and then its children's ({@code 0m0.531s 0m0.147s}); the
 * children's line is the tool's.
 */
public final class ShellTimes {
    private static final Pattern LAST_LINE = Pattern.compile("(\\d+)m([0-9.]+)s\\s+(\\d+)m([0-9.]+)s\\s*$");

    private ShellTimes() {
    }

    /** {@code command} followed by {@code times}, for {@code sh -c}. */
    public static String after(String command) {
        return command + "; times";
    }

    /**
     * The children's user + system seconds from the output of a shell that ran {@code times} last.
     *
     * @throws IllegalArgumentException if the output does not end with a {@code times} line
     */
    public static double childrenSeconds(String output) {
        Matcher m = LAST_LINE.matcher(output.strip());
        if (!m.find()) {
            throw new IllegalArgumentException("no 'times' line at the end of: " + output);
        }
        return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2))
                + Integer.parseInt(m.group(3)) * 60 + Double.parseDouble(m.group(4));
    }
}
