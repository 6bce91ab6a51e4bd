package dev.dpm.storage;

import java.time.Instant;

/**
 * Why and until when a peer is blacklisted.
 *
 * @param peer   the peer
 * @param fault  what it did
 * @param reason one line naming the block and what was wrong, e.g. "served a wrong block for bafk…"
 * @param since  when it was blacklisted
 * @param until  when the entry expires (the peer is used again after this instant)
 */
public record BlacklistEntry(Peer peer, PeerFault fault, String reason, Instant since, Instant until) {
    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
