package dev.dpm.cli.chain;

import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a keystore password comes from: {@code --password-file}, else the environment variable
 * {@code DPM_KEY_PASSWORD}, else a prompt on the terminal. Never a command-line argument. A picocli mixin.
 */
public final class PasswordOptions {
    /** Environment variable that may hold the keystore password (scripts, CI). */
    public static final String PASSWORD_ENV = "DPM_KEY_PASSWORD";

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the keystore password (else $DPM_KEY_PASSWORD, else a prompt)")
    Path passwordFile;

    /**
     * The password: from the file, the environment, or a prompt (asked twice when {@code confirm}, which is for a
     * new key: an empty password, say from an empty file or an empty variable, is refused then).
     */
    public String password(boolean confirm, String prompt) {
        String p = read(confirm, prompt);
        if (confirm && p.isEmpty()) {
            throw new CliError(ExitCodes.INVALID_INPUT, "the password " + (passwordFile != null ? "in " + passwordFile
                    : System.getenv(PASSWORD_ENV) != null ? "in $" + PASSWORD_ENV : "given") + " is empty: a new key "
                    + "needs a password");
        }
        return p;
    }

    private String read(boolean confirm, String prompt) {
        if (passwordFile != null) {
            try {
                String s = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                return nl >= 0 ? s.substring(0, nl).replace("\r", "") : s;
            } catch (IOException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, "cannot read password file " + passwordFile + ": "
                        + CliError.reason(e));
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliError(ExitCodes.USAGE, "no password: use --password-file FILE or set " + PASSWORD_ENV
                    + " (no terminal to ask on)");
        }
        char[] p = console.readPassword("%s: ", prompt);
        if (confirm) {
            char[] again = console.readPassword("again: ");
            if (!java.util.Arrays.equals(p, again)) {
                throw new CliError(ExitCodes.INVALID_INPUT, "the passwords differ");
            }
        }
        return new String(p);
    }
}
