package dev.dpm.cli;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.config.DpmConfig;
import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/**
 * {@code --account} and {@code --password-file} of the commands that publish to the registry
 * ({@code dpm publish}, {@code dpm import ...}): a picocli mixin ({@code @Mixin AccountOptions signing;}).
 * The account is the chosen one, else the configured one; its keystore password comes from the file, else
 * {@code $DPM_KEY_PASSWORD}, else a prompt on the terminal. (The chain commands have
 * {@code dev.dpm.cli.chain.SigningOptions}, which words its failures as the other chain commands do.)
 */
public final class AccountOptions {
    /** Environment variable that may hold the keystore password (same as the chain commands). */
    public static final String PASSWORD_ENV = "DPM_KEY_PASSWORD";

    @Option(names = "--account", paramLabel = "ADDRESS",
            description = "account that signs (default: the configured account)")
    String account;

    @Option(names = "--password-file", paramLabel = "FILE",
            description = "file whose first line is the keystore password (else $DPM_KEY_PASSWORD, else a prompt)")
    Path passwordFile;

    /**
     * A transaction sender for the signing account to the first rpc endpoint of {@code config} (which must
     * name one: see {@link CliContext#chainConfig()}); close it after use. A missing account, an unreadable
     * password or a wrong one is a {@link CliError}.
     */
    public TransactionSender sender(CliContext ctx, DpmConfig config) {
        String a = account != null ? account : config.account();
        if (a == null || !a.matches("0x[0-9a-fA-F]{40}")) {
            throw new CliError(ExitCodes.CONFIG, "no publishing account: pass --account ADDRESS or set \"account\" in "
                    + DpmConfig.file(ctx.home()));
        }
        String address = a.toLowerCase(Locale.ROOT);
        Credentials credentials;
        try {
            credentials = new Keystore(ctx.keystoreDir()).unlock(address, password(address));
        } catch (ChainException e) {
            throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
        }
        return TransactionSender.builder(config.rpc().get(0), credentials, config.chainId()).build();
    }

    private String password(String address) {
        if (passwordFile != null) {
            try {
                String s = Files.readString(passwordFile, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                return nl >= 0 ? s.substring(0, nl).replace("\r", "") : s;
            } catch (IOException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, "cannot read password file " + passwordFile + ": "
                        + e.getMessage());
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliError(ExitCodes.USAGE, "no password for " + address + ": use --password-file FILE or set "
                    + PASSWORD_ENV + " (no terminal to ask on)");
        }
        return new String(console.readPassword("password of %s: ", address));
    }
}
