package dev.dpm.cli;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.chain.PasswordOptions;
import dev.dpm.cli.config.DpmConfig;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code --account} and {@code --password-file} of the commands that publish to the registry
 * ({@code dpm publish}, {@code dpm import ...}): a picocli mixin ({@code @Mixin AccountOptions signing;}).
 * The account is the chosen one, else the configured one; its keystore password comes from
 * {@link PasswordOptions}. (The chain commands have {@code dev.dpm.cli.chain.SigningOptions}, which words
 * its failures as the other chain commands do.)
 */
public final class AccountOptions {
    @Option(names = "--account", paramLabel = "ADDRESS",
            description = "account that signs (default: the configured account)")
    String account;

    @Mixin
    PasswordOptions passwords;

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
            credentials = new Keystore(ctx.keystoreDir())
                    .unlock(address, passwords.password(false, "password of " + address));
        } catch (ChainException e) {
            throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
        }
        return TransactionSender.builder(config.rpc().get(0), credentials, config.chainId()).build();
    }
}
