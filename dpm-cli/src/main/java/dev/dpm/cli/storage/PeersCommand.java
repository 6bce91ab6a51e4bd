package dev.dpm.cli.storage;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.storage.Blacklist;
import dev.dpm.storage.BlacklistEntry;
import dev.dpm.storage.FetchException;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerExchange;
import dev.dpm.storage.StorageException;
import java.io.PrintWriter;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dpm peers}: the configured storage peers, what peer exchange adds, and the blacklist. */
@Command(name = "peers", mixinStandardHelpOptions = true, description = "List storage peers and the blacklist.")
public final class PeersCommand implements Callable<Integer> {
    @Mixin
    CliContext ctx;
    @Spec
    CommandSpec spec;

    @Option(names = "--peer", paramLabel = "URL", description = "peer base URL (repeatable); default: the configured peers")
    List<String> peers = new ArrayList<>();

    @Option(names = "--discover", description = "also ask each peer for the peers it knows (dpm nodes only)")
    boolean discover;

    @Option(names = "--unban", paramLabel = "URL", description = "remove a peer from the blacklist")
    String unban;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Blacklist blacklist = StoragePeers.blacklist(ctx);
        if (unban != null) {
            Peer p;
            try {
                p = Peer.parse(unban);
            } catch (IllegalArgumentException e) {
                throw new CliError(ExitCodes.INVALID_INPUT, e.getMessage());
            }
            try {
                out.println(blacklist.remove(p) ? "removed " + p + " from the blacklist" : p + " was not blacklisted");
            } catch (StorageException e) {
                throw new CliError(ExitCodes.FAILURE, e.getMessage());
            }
            return ExitCodes.OK;
        }
        List<Peer> configured = StoragePeers.resolve(ctx, peers);
        out.println("peers:");
        if (configured.isEmpty()) {
            out.println("  (none: set \"peers\" in " + ctx.home().resolve("config.json") + " or pass --peer)");
        }
        for (Peer p : configured) {
            out.println("  " + p + (blacklist.contains(p) ? "  [blacklisted]" : ""));
        }
        if (discover) {
            Set<Peer> learned = new LinkedHashSet<>();
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
                PeerExchange px = new PeerExchange(http, Duration.ofSeconds(10));
                for (Peer p : configured) {
                    try {
                        var answer = px.peersOf(p);
                        if (answer.isEmpty()) {
                            spec.commandLine().getErr().println("dpm: " + p + " is a plain gateway (no peer exchange)");
                            continue;
                        }
                        for (Peer q : answer.get()) {
                            if (!configured.contains(q)) {
                                learned.add(q);
                            }
                        }
                    } catch (FetchException e) {
                        spec.commandLine().getErr().println("dpm: " + e.getMessage());
                    }
                }
            }
            out.println("learned by peer exchange:");
            for (Peer q : learned) {
                out.println("  " + q + (blacklist.contains(q) ? "  [blacklisted]" : ""));
            }
        }
        List<BlacklistEntry> entries = blacklist.entries();
        out.println("blacklist:" + (entries.isEmpty() ? " (empty)" : ""));
        for (BlacklistEntry e : entries) {
            out.println("  " + e.peer() + "  " + e.fault() + " until " + e.until() + ": " + e.reason());
        }
        return ExitCodes.OK;
    }
}
