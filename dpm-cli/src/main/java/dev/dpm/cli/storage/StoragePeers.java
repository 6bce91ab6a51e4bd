package dev.dpm.cli.storage;

import dev.dpm.cli.CliContext;
import dev.dpm.cli.CliError;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.config.DpmConfig;
import dev.dpm.storage.Blacklist;
import dev.dpm.storage.Peer;
import dev.dpm.storage.StorageException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** The peers a command uses: {@code --peer} options if any, else the configuration's {@code peers}. */
final class StoragePeers {
    private StoragePeers() {
    }

    static List<Peer> resolve(CliContext ctx, List<String> options) {
        List<String> texts = new ArrayList<>(options);
        if (texts.isEmpty()) {
            DpmConfig cfg = ctx.configOrNull();
            if (cfg != null && cfg.peers() != null) {
                texts.addAll(cfg.peers());
            }
        }
        List<Peer> peers = new ArrayList<>();
        for (String t : texts) {
            try {
                peers.add(Peer.parse(t));
            } catch (IllegalArgumentException e) {
                throw new CliError(ExitCodes.CONFIG, e.getMessage());
            }
        }
        return peers;
    }

    static Blacklist blacklist(CliContext ctx) {
        try {
            return Blacklist.open(new NodeFiles(ctx.home()).blacklist(), Clock.systemUTC());
        } catch (StorageException e) {
            throw new CliError(ExitCodes.CONFIG, e.getMessage());
        }
    }
}
