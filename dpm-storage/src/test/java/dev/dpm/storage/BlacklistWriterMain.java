package dev.dpm.storage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * A child process for {@link BlacklistProcessesIT}: bans {@code count} peers named after
 * {@code tag} in the blacklist file, one {@code add} (one locked read-merge-write) each.
 */
public final class BlacklistWriterMain {
    private BlacklistWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int tag = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        Blacklist b = Blacklist.open(file, Clock.systemUTC());
        for (int i = 0; i < count; i++) {
            b.add(Peer.parse("http://10.2." + tag + "." + i + ":1"), PeerFault.CORRUPT_BLOCK, "process " + tag,
                    Duration.ofDays(1));
        }
        System.out.println("done");
    }
}
