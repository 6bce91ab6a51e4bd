package dev.dpm.cli.debimport;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.cli.AccountOptions;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.content.ContentException;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.DpmException;
import dev.dpm.core.debimport.DebImporter;
import dev.dpm.core.debimport.DebPublisher;
import dev.dpm.core.debimport.ImportedDeb;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.publish.PublishResult;
import dev.dpm.core.publish.Publisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpm import deb FILE.deb...}: each {@code .deb} becomes a release (control fields → manifest,
 * data.tar → payload in the local repo, pinned; maintainer scripts kept, never run) and is registered
 * on chain as {@code dpm publish} would.
 */
@Command(name = "deb", mixinStandardHelpOptions = true,
        description = "Import .deb files as dpm releases and publish them. Maintainer scripts are kept in the "
                + "release, never run.")
public final class ImportDebCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Mixin
    AccountOptions signing;
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE.deb")
    List<Path> files;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new CliError(ExitCodes.INVALID_INPUT, (Files.isDirectory(f) ? "a directory, not a .deb file: "
                        : "no such file: ") + f);
            }
        }
        DpmConfig c = ctx.chainConfig();
        Repo repo;
        try {
            repo = Repo.open(ctx.repoDir());
        } catch (ContentException e) {
            throw new CliError(ExitCodes.CONFIG, "cannot open the repo " + ctx.repoDir() + ": " + e.getMessage());
        }
        try (TransactionSender sender = signing.sender(ctx, c);
                VerifiedChainReader chain = ImportSupport.reader(c)) {
            RegistryWriter writer = ImportSupport.writer(sender, c);
            Publisher publisher = Publisher.builder().repo(repo).chain(chain).writer(writer).build();
            DebPublisher debPublisher = new DebPublisher(repo, publisher);
            DebImporter importer = DebImporter.builder().blockstore(repo.blockstore()).build();
            for (Path f : files) {
                Path work = Files.createTempDirectory("dpm-import-deb-");
                try {
                    ImportedDeb d = importer.importDeb(f, work.resolve("tree"));
                    describe(out, d);
                    PublishResult r = debPublisher.publish(d);
                    if (r.alreadyPublished()) {
                        out.println("  " + r.release() + " is already published with manifest " + r.manifestCid()
                                + ": skipped");
                    } else {
                        out.println("  published " + r.release() + " -> " + r.manifestCid() + " in block "
                                + r.blockNumber() + " (tx " + r.transactionHash() + ")");
                    }
                    out.flush();
                } finally {
                    deleteTree(work);
                }
            }
            return ExitCodes.OK;
        } catch (DpmException e) {
            throw ImportSupport.error(e);
        } catch (ContentException e) {
            throw new CliError(ExitCodes.CONTENT, e.getMessage(), e);
        } catch (IOException e) {
            throw new CliError(ExitCodes.FAILURE, "cannot create a work directory: " + e.getMessage(), e);
        }
    }

    private static void describe(PrintWriter out, ImportedDeb d) {
        var m = d.manifest();
        long files = m.files().stream().filter(e -> e.type() == FileEntry.Type.FILE).count();
        long links = m.files().stream().filter(e -> e.type() == FileEntry.Type.SYMLINK).count();
        long dirs = m.files().stream().filter(e -> e.type() == FileEntry.Type.DIR).count();
        out.printf(Locale.ROOT, "%s: %s %s %s: %d entries (%d files, %d symlinks, %d directories%s), %s bytes, "
                + "payload %s%n", d.source().getFileName(), m.name(), m.version(), m.architecture(), m.files().size(),
                files, links, dirs, d.tree().hardLinks() > 0 ? ", " + d.tree().hardLinks() + " hard links as files" : "",
                ImportSupport.count(m.payloadSize()), m.payload());
        out.println("  " + keptLine(d.maintainerScripts(), d.otherControlFiles()));
    }

    /** {@code kept 2 maintainer scripts (postinst, prerm); dpm does not run them}. */
    static String keptLine(List<String> scripts, List<String> others) {
        if (scripts.isEmpty() && others.isEmpty()) {
            return "no maintainer scripts";
        }
        StringBuilder s = new StringBuilder("kept ");
        if (!scripts.isEmpty()) {
            s.append(scripts.size()).append(scripts.size() == 1 ? " maintainer script (" : " maintainer scripts (")
                    .append(String.join(", ", scripts)).append(')');
        } else {
            s.append("no maintainer script");
        }
        if (!others.isEmpty()) {
            s.append(" and ").append(others.size()).append(others.size() == 1 ? " other control file (" : " other "
                    + "control files (").append(String.join(", ", others)).append(')');
        }
        return s.append("; dpm does not run ").append(scripts.isEmpty() ? "maintainer scripts" : "them").toString();
    }

    private static void deleteTree(Path dir) {
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temporary directory is not worth failing an import that succeeded.
        }
    }
}
