package dev.dpm.cli.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.KeystoreException;
import dev.dpm.chain.rpc.FileHighestSeenStore;
import dev.dpm.chain.rpc.HighestSeenStore;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionRevertedException;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.HeaderWalkProgress;
import dev.dpm.cli.config.DpmConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The chain commands ({@code key}, {@code devnet}, {@code registry}, {@code admin}, {@code maintainer},
 * {@code yank}, {@code audit}) and what they share: the configured chain, readers and senders, and the
 * mapping of dpm-chain failures to one line and an exit code.
 */
public final class ChainCommands {
    private ChainCommands() {
    }

    /** Registers every chain command on {@code cli}. */
    public static void register(CommandLine cli) {
        cli.addSubcommand(new KeyCommand());
        cli.addSubcommand(new DevnetCommand());
        cli.addSubcommand(new RegistryCommand());
        cli.addSubcommand(new AdminCommand());
        cli.addSubcommand(new MaintainerCommand());
        cli.addSubcommand(new YankCommand());
        cli.addSubcommand(new AuditCommand());
    }

    /** The configuration, which must name a chain and a registry. */
    static DpmConfig chainConfig(CliContext ctx) {
        DpmConfig c = ctx.config();
        if (c.registry() == null || c.registry().isBlank() || c.rpc() == null || c.rpc().isEmpty()) {
            throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + " names no registry or no rpc endpoint: "
                    + "run `dpm devnet up`, or `dpm registry deploy` for a new registry");
        }
        return c;
    }

    /**
     * A verified reader of the configured endpoints (cross-checked when there are several) whose rollback
     * protection survives restarts of dpm: the highest block seen is kept in
     * {@link FileHighestSeenStore#under(Path, long)} of {@code home}. Close it after use.
     */
    public static VerifiedChainReader reader(Path home, DpmConfig c) {
        return reader(c, FileHighestSeenStore.under(home, c.chainId()));
    }

    /**
     * A verified reader of the configured endpoints that records the highest block seen in {@code store}
     * (e.g. the package manager's database-backed store). Close it after use.
     */
    public static VerifiedChainReader reader(DpmConfig c, HighestSeenStore store) {
        // progress on stderr: these commands print their answer on stdout
        return c.chainReader().highestSeenStore(store)
                .headerWalkListener(new HeaderWalkProgress(new PrintWriter(System.err, true))).build();
    }

    /** A sender to the first configured endpoint. */
    static TransactionSender sender(DpmConfig c, org.web3j.crypto.Credentials credentials) {
        return TransactionSender.builder(c.rpc().get(0), credentials, c.chainId()).build();
    }

    /** A dpm-chain failure as a CLI error (a revert or untrusted chain: exit 5; a key problem: exit 4). */
    public static CliError error(ChainException e) {
        if (e instanceof TransactionRevertedException) {
            return new CliError(ExitCodes.CHAIN, e.getMessage(), e);
        }
        if (e instanceof KeystoreException) {
            return new CliError(ExitCodes.INVALID_INPUT, e.getMessage(), e);
        }
        return new CliError(ExitCodes.CHAIN, e.getMessage(), e);
    }

    /** An address typed by a user: 0x + 40 hex digits, returned lower-case. */
    static String address(String text, String what) {
        if (text == null || !text.matches("0x[0-9a-fA-F]{40}")) {
            throw new CliError(ExitCodes.INVALID_INPUT, what + " \"" + text + "\" is not an address (0x and 40 hex digits)");
        }
        return text.toLowerCase(Locale.ROOT);
    }

    /** The dpm checkout (for the npm tools): $DPM_REPO_ROOT (set by bin/dpm) or -Ddpm.repo.root. */
    static Path repoRoot() {
        String r = System.getenv("DPM_REPO_ROOT");
        if (r == null || r.isBlank()) {
            r = System.getProperty("dpm.repo.root");
        }
        if (r == null || r.isBlank() || !Files.isDirectory(Path.of(r))) {
            throw new CliError(ExitCodes.CONFIG, "cannot find the dpm checkout: run dpm through bin/dpm, "
                    + "or set DPM_REPO_ROOT");
        }
        return Path.of(r);
    }
}
