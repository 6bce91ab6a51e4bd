package dev.dpm.storage.share;

import dev.dpm.content.Blockstore;
import dev.dpm.storage.Peer;
import java.util.Objects;

/**
 * A storage node as seen by share placement: its id (the rendezvous-hash member name), the peer
 * address others fetch from, and the blockstore it serves (which re-replication writes into).
 */
public record ShareMember(String id, Peer peer, Blockstore store) {
    public ShareMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(store, "store");
    }
}
