package dev.dpm.cli.pm;

import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.cli.AccountOptions;
import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.content.BlockstoreException;
import dev.dpm.content.repo.Repo;
import dev.dpm.core.DpmException;
import dev.dpm.core.db.DatabaseException;
import dev.dpm.core.index.IndexException;
import dev.dpm.core.install.FileConflictException;
import dev.dpm.core.install.LockHeldException;
import dev.dpm.core.install.RecoveryException;
import dev.dpm.core.install.TransactionException;
import dev.dpm.core.manifest.ManifestException;
import dev.dpm.core.pm.DowngradeRefusedException;
import dev.dpm.core.pm.FetchFailedException;
import dev.dpm.core.pm.HeldPackageException;
import dev.dpm.core.pm.InvalidRequestException;
import dev.dpm.core.pm.NoStoragePeersException;
import dev.dpm.core.pm.PackageManager;
import dev.dpm.core.pm.PackageNotFoundException;
import dev.dpm.core.publish.PublishException;
import dev.dpm.core.resolve.ResolveException;
import dev.dpm.storage.Blacklist;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.Peer;
import dev.dpm.storage.StorageException;
import java.io.Console;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What the package manager's commands share: building a {@link PackageManager} from the configuration, errors. */
final class PmSupport {
    private PmSupport() {
    }

    /**
     * A package manager on {@code root} for a command that fetches no payloads ({@code needChain}: it
     * reads the chain, so rpc and registry must be configured). No fetcher is built, so the peers'
     * blacklist is not read: a damaged blacklist file does not stop {@code list}, {@code remove}, ...
     */
    static PackageManager open(CliContext ctx, Path root, PrintWriter out, boolean needChain) {
        return open(ctx, root, new ConsoleListener(out), needChain, null, false);
    }

    /** A package manager on {@code root} for a command that fetches payloads from the configured peers. */
    static PackageManager openToFetch(CliContext ctx, Path root, PrintWriter out) {
        return open(ctx, root, new ConsoleListener(out), false, null, true);
    }

    static PackageManager open(CliContext ctx, Path root, ConsoleListener listener, boolean needChain,
            RegistryWriter writer) {
        return open(ctx, root, listener, needChain, writer, false);
    }

    private static PackageManager open(CliContext ctx, Path root, ConsoleListener listener, boolean needChain,
            RegistryWriter writer, boolean fetches) {
        DpmConfig c = needChain ? ctx.chainConfig() : ctx.configOrNull();
        PackageManager.Builder b = PackageManager.builder(root).listener(listener).writer(writer);
        if (c != null) {
            if (c.rpc() != null && !c.rpc().isEmpty()) {
                List<URI> rpc = new ArrayList<>();
                for (String u : c.rpc()) {
                    try {
                        rpc.add(URI.create(u));
                    } catch (IllegalArgumentException e) {
                        throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + ": bad rpc endpoint '" + u + "'");
                    }
                }
                // the reader with every trust option of the configuration (checkpoint, validators, proveLogs)
                b.chain(c.chainId(), store -> c.chainReader().highestSeenStore(store).headerWalkListener(listener)
                        .logPageBlocks(PackageManager.Builder.DEFAULT_LOG_PAGE_BLOCKS).build());
            }
            b.registry(c.registry()).registryFromBlock(c.registryFromBlockOrZero()).seed(c.seedOrDefault());
            List<Peer> peers = fetches ? peers(ctx, c) : List.of();
            if (!peers.isEmpty()) {
                b.fetcher(HttpDagFetcher.builder().peers(peers).blacklist(blacklist(ctx)).build());
            }
        }
        try {
            b.repo(Repo.open(ctx.repoDir()));
            return b.build();
        } catch (BlockstoreException e) {
            throw new CliError(ExitCodes.CONFIG, "cannot open the repo " + ctx.repoDir() + ": " + e.getMessage());
        } catch (DpmException e) {
            throw error(e);
        }
    }

    private static List<Peer> peers(CliContext ctx, DpmConfig c) {
        List<Peer> peers = new ArrayList<>();
        if (c.peers() != null) {
            for (String t : c.peers()) {
                try {
                    peers.add(Peer.parse(t));
                } catch (IllegalArgumentException e) {
                    throw new CliError(ExitCodes.CONFIG, DpmConfig.file(ctx.home()) + ": " + e.getMessage());
                }
            }
        }
        return peers;
    }

    private static Blacklist blacklist(CliContext ctx) {
        try {
            return Blacklist.open(ctx.home().resolve("blacklist.json"), Clock.systemUTC());
        } catch (StorageException e) {
            throw new CliError(ExitCodes.CONFIG, e.getMessage());
        }
    }

    /** The signing account's writer to the configured registry. */
    static RegistryWriter writer(CliContext ctx, DpmConfig c, AccountOptions signing) {
        return new RegistryWriter(signing.sender(ctx, c), c.registry());
    }

    /** Whether stdin and stdout are a terminal (a person can answer a question). */
    static boolean interactive() {
        Console c = System.console();
        if (c == null) {
            return false;
        }
        try {
            // Java 22+: a console object exists even when redirected; ask it.
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /**
     * As {@link #error(DpmException)}, naming the configuration file where the fix is: a fetch without
     * storage peers is a configuration mistake (field {@code peers}).
     */
    static CliError error(CliContext ctx, DpmException e) {
        if (e instanceof NoStoragePeersException) {
            return new CliError(ExitCodes.CONFIG, oneLine(e.getMessage()) + ": " + DpmConfig.file(ctx.home())
                    + " lists no \"peers\"; add one with `dpm config set peers URL` (see docs/USAGE.md)", e);
        }
        return error(e);
    }

    /** A library failure as one line and an exit code. */
    static CliError error(DpmException e) {
        int code;
        if (e instanceof PackageNotFoundException) {
            code = PmExitCodes.NOT_FOUND;
        } else if (e instanceof InvalidRequestException || e instanceof ManifestException) {
            code = ExitCodes.INVALID_INPUT;
        } else if (e instanceof PublishException p) {
            code = switch (p.reason()) {
                case INVALID_MANIFEST -> ExitCodes.INVALID_INPUT;
                case STORAGE -> ExitCodes.CONTENT;
                default -> ExitCodes.CHAIN;
            };
        } else if (e instanceof ResolveException || e instanceof DowngradeRefusedException) {
            code = ExitCodes.UNSATISFIABLE;
        } else if (e instanceof LockHeldException) {
            code = ExitCodes.LOCKED;
        } else if (e instanceof FileConflictException || e instanceof HeldPackageException) {
            code = ExitCodes.CONFLICT;
        } else if (e instanceof RecoveryException || e instanceof DatabaseException) {
            code = ExitCodes.FAILURE;
        } else if (e instanceof TransactionException) {
            code = ExitCodes.CONFLICT;
        } else if (e instanceof FetchFailedException) {
            code = ExitCodes.CONTENT;
        } else if (e instanceof IndexException) {
            code = ExitCodes.CHAIN;
        } else {
            code = ExitCodes.FAILURE;
        }
        return new CliError(code, oneLine(e.getMessage()), e);
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ');
    }
}
