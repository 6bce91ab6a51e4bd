package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Which key signs ({@code --account}, default: the configured account) and its password
 * ({@link PasswordOptions}). A picocli mixin for every command that sends a transaction; e.g. a publish
 * command does:
 * <pre>{@code
 * @Mixin CliContext ctx;
 * @Mixin SigningOptions signing;
 * ...
 * DpmConfig c = ctx.config();
 * try (TransactionSender s = signing.sender(ctx, c)) {
 *     new RegistryWriter(s, c.registry()).publish(name, version, cid, manifestBytes);
 * }
 * }</pre>
 * (plus {@code import dev.dpm.chain.registry.RegistryWriter}).
 */
public final class SigningOptions {
    @Option(names = "--account", paramLabel = "ADDRESS",
            description = "account that signs (default: the configured account)")
    String account;

    @Mixin
    PasswordOptions passwords;

    /** The configured or chosen account's credentials, unlocked from the keystore. */
    public Credentials unlock(CliContext ctx, DpmConfig config) {
        String a = account != null ? account : config.account();
        if (a == null) {
            throw new CliError(ExitCodes.CONFIG, "no account: pass --account ADDRESS or set \"account\" in "
                    + DpmConfig.file(ctx.home()));
        }
        String address = ChainCommands.address(a, "account");
        try {
            return new Keystore(ctx.keystoreDir()).unlock(address, passwords.password(false, "password of " + address));
        } catch (ChainException e) {
            throw ChainCommands.error(e);
        }
    }

    /** A transaction sender for the signing account to the first configured endpoint; close it after use. */
    public TransactionSender sender(CliContext ctx, DpmConfig config) {
        if (config.rpc() == null || config.rpc().isEmpty()) {
            throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + " names no rpc endpoint");
        }
        return ChainCommands.sender(config, unlock(ctx, config));
    }
}
