package dev.dpm.cli.debimport;

import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.AccountOptions;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.core.DpmException;
import dev.dpm.core.debimport.DebianIndexImporter;
import dev.dpm.core.debimport.IndexImportListener;
import dev.dpm.core.debimport.IndexImportProgress;
import dev.dpm.core.debimport.IndexImportResult;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpm import debian-index PACKAGES_FILE}: publishes one metadata-only release per stanza of a
 * Debian Packages index, in batches, with progress; interrupted, it resumes where the chain stands.
 */
@Command(name = "debian-index", mixinStandardHelpOptions = true,
        description = "Publish the metadata of a Debian Packages index (plain, .lz4, .xz or .gz) as metadata-only "
                + "releases, in batches; resumable (a checkpoint checked against the chain, and the registry's events).")
public final class ImportDebianIndexCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Mixin
    AccountOptions signing;
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PACKAGES_FILE")
    Path index;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "1000",
            description = "releases confirmed between two checkpoints (default ${DEFAULT-VALUE}); each batch is sent "
                    + "as a few pipelined batch transactions")
    int batch;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "0",
            description = "import only the first N stanzas (default: all)")
    int limit;

    @Option(names = "--origin", paramLabel = "TEXT", defaultValue = "debian",
            description = "origin recorded in every manifest, e.g. debian:bookworm/main (default ${DEFAULT-VALUE})")
    String origin;

    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "checkpoint file (default $DPM_HOME/import/debian-index.checkpoint)")
    Path checkpoint;

    @Option(names = "--from-block", paramLabel = "N", defaultValue = "0",
            description = "first block of the registry's events to scan when resuming (its deployment block; default 0)")
    long fromBlock;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (!Files.isRegularFile(index)) {
            throw new CliError(ExitCodes.INVALID_INPUT, (Files.isDirectory(index)
                    ? "a directory, not a Packages file: " : "no such file: ") + index);
        }
        if (batch < 1) {
            throw new CliError(ExitCodes.USAGE, "--batch must be at least 1");
        }
        if (limit < 0) {
            throw new CliError(ExitCodes.USAGE, "--limit must be 0 (all) or more, got " + limit);
        }
        if (fromBlock < 0) {
            throw new CliError(ExitCodes.USAGE, "--from-block must be 0 or more, got " + fromBlock);
        }
        // the checkpoint is written after the first batch is on chain: refuse a path it cannot take now
        if (checkpoint != null && Files.isDirectory(checkpoint)) {
            throw new CliError(ExitCodes.USAGE, "--checkpoint " + checkpoint + " is a directory, not a file");
        }
        DpmConfig c = ctx.chainConfig();
        Path cp = checkpoint != null ? checkpoint : ctx.home().resolve("import/debian-index.checkpoint");
        try (TransactionSender sender = signing.sender(ctx, c);
                VerifiedChainReader chain = ImportSupport.reader(c)) {
            IndexImportResult r = DebianIndexImporter.builder().index(index).origin(origin)
                    .writer(ImportSupport.writer(sender, c)).chain(chain).fromBlock(fromBlock).checkpoint(cp)
                    .batchSize(batch).limit(limit).listener(new ConsoleProgress(out)).build().run();
            out.printf(Locale.ROOT, "done: %s releases from %s stanzas: %s published now in %s transactions (%s), "
                    + "%s already in the registry, %s skipped; %s in all%n", ImportSupport.count(r.releases()),
                    ImportSupport.count(r.stanzas()), ImportSupport.count(r.published()),
                    ImportSupport.count(r.transactions()), rate(r.published(), r.publishing()),
                    ImportSupport.count(r.alreadyThere()), ImportSupport.count(r.skipped()),
                    ImportSupport.duration(r.total()));
            out.flush();
            return ExitCodes.OK;
        } catch (DpmException e) {
            throw ImportSupport.error(e);
        }
    }

    private static String rate(long n, Duration d) {
        double s = d.toMillis() / 1e3;
        return s <= 0 ? "-" : String.format(Locale.ROOT, "%.1f releases/s over %s", n / s, ImportSupport.duration(d));
    }

    /** One line per confirmed batch: position, rate, ETA. */
    private static final class ConsoleProgress implements IndexImportListener {
        private final PrintWriter out;

        ConsoleProgress(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void loaded(int stanzas, int releases, long millis) {
            out.printf(Locale.ROOT, "read %s stanzas (%s releases) in %.1f s%n", ImportSupport.count(stanzas),
                    ImportSupport.count(releases), millis / 1e3);
            out.flush();
        }

        @Override
        public void resumed(long checkpointed, long foundOnChain, String note) {
            if (note != null) {
                out.println("checkpoint not used: " + note + "; the registry's events decide what is there");
            }
            if (checkpointed > 0 || foundOnChain > 0) {
                out.printf(Locale.ROOT, "resuming: %s releases checkpointed, %s more found on chain%n",
                        ImportSupport.count(checkpointed), ImportSupport.count(foundOnChain));
            }
            out.flush();
        }

        @Override
        public void skipped(String release, String reason) {
            out.println("skipped " + release + ": " + reason);
            out.flush();
        }

        @Override
        public void progress(IndexImportProgress p) {
            Duration eta = p.eta();
            out.printf(Locale.ROOT, "%s/%s (%.1f%%)  %s published this run  %.1f releases/s  ETA %s%n",
                    ImportSupport.count(p.done()), ImportSupport.count(p.total()), 100.0 * p.done() / p.total(),
                    ImportSupport.count(p.published()), p.rate(), eta == null ? "-" : ImportSupport.duration(eta));
            out.flush();
        }
    }
}
