package dev.dpm.cli.debimport;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.core.DpmException;
import dev.dpm.core.debian.DebianIndexException;
import dev.dpm.core.debimport.DebArchiveException;
import dev.dpm.core.publish.PublishException;
import java.io.Console;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.web3j.crypto.Credentials;
import picocli.CommandLine.Option;

/**
 * What the import commands share: the signing options, the chain from the configuration, and the
 * mapping of failures to one line and an exit code. (The package-manager and chain commands have
 * equivalents, package-private to their packages; this mirrors them: same options, same environment
 * variable, same words.)
 */
final class ImportSupport {
    static final String PASSWORD_ENV = "DPM_KEY_PASSWORD";

    private ImportSupport() {
    }

    /** {@code --account} and {@code --password-file}, as {@code dpm publish} has them. */
    static final class Signing {
        @Option(names = "--account", paramLabel = "ADDRESS",
                description = "account that signs (default: the configured account)")
        String account;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "file whose first line is the keystore password (else $DPM_KEY_PASSWORD, else a prompt)")
        Path passwordFile;
    }

    static DpmConfig chainConfig(CliContext ctx) {
        DpmConfig c = ctx.config();
        if (c.registry() == null || c.registry().isBlank() || c.rpc() == null || c.rpc().isEmpty()) {
            throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + " names no registry or no rpc endpoint: "
                    + "run `dpm devnet up`, or set them with `dpm config set`");
        }
        return c;
    }

    /**
     * Blocks per {@code eth_getLogs} page. A block full of batch publishes carries up to ~1.2 MB of event
     * data (30M gas at 8 gas per log byte and 16 per calldata byte), about 2.5 MB as hex JSON; 5 blocks stay
     * under the reader's 16 MiB answer bound whatever the blocks hold (the default 10,000-block pages
     * overflow it on a registry holding a whole Debian index).
     */
    static final long LOG_PAGE_BLOCKS = 5;

    static VerifiedChainReader reader(DpmConfig c) {
        return VerifiedChainReader.builder().endpoints(c.rpc().stream().map(URI::create).toList())
                .chainId(c.chainId()).freshnessSeconds(c.freshnessSeconds()).logPageBlocks(LOG_PAGE_BLOCKS).build();
    }

    static TransactionSender sender(CliContext ctx, DpmConfig c, Signing s) {
        String a = s.account != null ? s.account : c.account();
        if (a == null || !a.matches("0x[0-9a-fA-F]{40}")) {
            throw new CliError(ExitCodes.CONFIG, "no publishing account: pass --account ADDRESS or set \"account\" in "
                    + DpmConfig.file(ctx.home()));
        }
        String address = a.toLowerCase(Locale.ROOT);
        Credentials credentials;
        try {
            credentials = new Keystore(ctx.keystoreDir()).unlock(address, password(s.passwordFile, address));
        } catch (ChainException e) {
            throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
        }
        return TransactionSender.builder(c.rpc().get(0), credentials, c.chainId()).build();
    }

    static RegistryWriter writer(TransactionSender sender, DpmConfig c) {
        return new RegistryWriter(sender, c.registry());
    }

    private static String password(Path file, String account) {
        if (file != null) {
            try {
                String s = Files.readString(file, StandardCharsets.UTF_8);
                int nl = s.indexOf('\n');
                return nl >= 0 ? s.substring(0, nl).replace("\r", "") : s;
            } catch (IOException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, "cannot read password file " + file + ": " + e.getMessage());
            }
        }
        String env = System.getenv(PASSWORD_ENV);
        if (env != null) {
            return env;
        }
        Console console = System.console();
        if (console == null) {
            throw new CliError(ExitCodes.USAGE, "no password for " + account + ": use --password-file FILE or set "
                    + PASSWORD_ENV + " (no terminal to ask on)");
        }
        return new String(console.readPassword("password of %s: ", account));
    }

    /** A library failure as one line and an exit code. */
    static CliError error(DpmException e) {
        int code;
        if (e instanceof DebArchiveException || e instanceof DebianIndexException) {
            code = ExitCodes.INVALID_INPUT;
        } else if (e instanceof PublishException p) {
            code = switch (p.reason()) {
                case INVALID_MANIFEST -> ExitCodes.INVALID_INPUT;
                case STORAGE -> ExitCodes.CONTENT;
                default -> ExitCodes.CHAIN;
            };
        } else {
            code = ExitCodes.CHAIN;
        }
        return new CliError(code, e.getMessage() == null ? e.toString() : e.getMessage().replace('\n', ' '), e);
    }

    /** {@code 1,234,567}. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code 1h 02m}, {@code 3m 07s}, {@code 12s}. */
    static String duration(java.time.Duration d) {
        long s = d.toSeconds();
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
