package dev.dpm.cli.storage;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.ContentException;
import dev.dpm.content.InvalidCidException;
import dev.dpm.content.repo.Repo;
import dev.dpm.content.unixfs.UnixfsReader;
import dev.dpm.storage.FetchListener;
import dev.dpm.storage.FetchProgress;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.HttpDagFetcher;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerFault;
import dev.dpm.storage.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code dpm get CID -o PATH}: fetches a DAG from the storage peers into the local repo (every block
 * verified; an interrupted get resumes) and exports the file or tree.
 */
@Command(name = "get", mixinStandardHelpOptions = true, description = "Fetch a file or tree by CID from the storage peers (verified) and write it to PATH.")
public final class GetCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CID")
    String cidText;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PATH", description = "where to write it (must not exist)")
    Path output;

    @Option(names = "--peer", paramLabel = "URL", description = "peer base URL (repeatable); default: the configured peers")
    List<String> peers = new ArrayList<>();

    @Option(names = "--connections", description = "requests in flight per peer (default ${DEFAULT-VALUE})", defaultValue = "8")
    int connections;

    @Override
    public Integer call() throws Exception {
        if (connections < 1) {
            throw new CliError(ExitCodes.USAGE, "--connections must be at least 1, got " + connections);
        }
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (InvalidCidException e) {
            throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
        }
        dev.dpm.cli.content.ContentCommands.requireNewFile(output);
        List<Peer> list = StoragePeers.resolve(ctx, peers);
        Repo repo;
        try {
            repo = Repo.open(ctx.repoDir());
        } catch (ContentException e) {
            throw new CliError(ExitCodes.CONFIG, "cannot open the repo " + ctx.repoDir() + ": " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        HttpDagFetcher fetcher = HttpDagFetcher.builder().peers(list).blacklist(StoragePeers.blacklist(ctx))
                .connectionsPerPeer(connections).build();
        FetchSummary s;
        ProgressPrinter progress = new ProgressPrinter(err);
        try (fetcher) { // one fetch: its connections are not kept for later
            s = fetcher.fetch(cid, repo.blockstore(), progress);
        } catch (StorageException e) {
            progress.endLine();
            if (list.isEmpty()) { // not a content failure: nowhere was asked (as install reports it)
                throw new CliError(ExitCodes.CONFIG, e.getMessage() + "; " + dev.dpm.cli.config.DpmConfig.file(ctx.home())
                        + " lists no \"peers\": add one with `dpm config set peers URL`, or pass --peer URL");
            }
            throw new CliError(ExitCodes.CONTENT, e.getMessage());
        }
        progress.endLine();
        try {
            new UnixfsReader(repo.blockstore()).export(cid, output);
        } catch (ContentException e) {
            throw new CliError(ExitCodes.CONTENT, "cannot write " + output + " from " + cid + ": " + e.getMessage());
        } catch (IOException e) {
            throw new CliError(ExitCodes.FAILURE, "cannot write " + output + " from " + cid + ": " + CliError.reason(e));
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "%s -> %s: %d blocks (%d already local), %.1f MiB fetched in %.2f s"
                        + " (%.1f MiB/s) from %d peer(s)%n", cid, output, s.blocks(), s.blocksLocal(),
                s.bytesFetched() / 1048576.0, s.elapsed().toNanos() / 1e9, s.bytesPerSecond() / 1048576.0,
                s.bytesByPeer().values().stream().filter(b -> b > 0).count());
        s.dropped().forEach((p, why) -> err.println("dpm: peer " + p + " not used: " + why));
        return ExitCodes.OK;
    }

    /** Prints progress to stderr, at most a few times a second, on one line rewritten in place. */
    private static final class ProgressPrinter implements FetchListener {
        private final PrintWriter err;
        private boolean lineOpen;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        @Override
        public void progress(FetchProgress p) {
            synchronized (err) {
                err.printf(Locale.ROOT, "\r%.1f MiB, %d blocks (%d local), %.1f MiB/s, %d peer(s)   ",
                        p.bytesFetched() / 1048576.0, p.blocksFetched(), p.blocksLocal(),
                        p.bytesPerSecond() / 1048576.0, p.activePeers());
                err.flush();
                lineOpen = true;
            }
        }

        /** Ends the progress line, if one was printed (an error then starts a line of its own). */
        void endLine() {
            synchronized (err) {
                if (lineOpen) {
                    err.println();
                    lineOpen = false;
                }
            }
        }

        @Override
        public void peerDropped(Peer peer, PeerFault fault, String reason) {
            synchronized (err) {
                endLine();
                err.println("dpm: dropped peer " + peer + (fault.blacklists() ? " (blacklisted)" : "") + ": " + reason);
            }
        }
    }
}
