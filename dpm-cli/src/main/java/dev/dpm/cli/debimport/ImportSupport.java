package dev.dpm.cli.debimport;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.core.DpmException;
import dev.dpm.core.debian.DebianIndexException;
import dev.dpm.core.debimport.DebArchiveException;
import dev.dpm.core.publish.PublishException;
import java.net.URI;
import java.util.Locale;

/**
 * What the import commands share: the chain reader and registry writer from the configuration (the
 * signing options are {@link dev.dpm.cli.AccountOptions}, as {@code dpm publish} has them), the mapping of
 * failures to one line and an exit code, and number formats.
 */
final class ImportSupport {
    private ImportSupport() {
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

    static RegistryWriter writer(TransactionSender sender, DpmConfig c) {
        return new RegistryWriter(sender, c.registry());
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
