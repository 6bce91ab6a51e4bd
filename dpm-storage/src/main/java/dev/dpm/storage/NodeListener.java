package dev.dpm.storage;

/**
 * What a {@link StorageNode} reports while it runs (the library never prints; the CLI logs these).
 * Methods are called from server threads and must not block.
 */
public interface NodeListener {
    /** The node listens at {@code url}. */
    default void started(Peer url, String peerId) {
    }

    /** Peer exchange taught the node a new peer. */
    default void peerLearned(Peer peer, Peer from) {
    }

    /** Peer exchange with {@code peer} failed (the peer stays known). */
    default void exchangeFailed(Peer peer, String reason) {
    }

    /** The node stopped. */
    default void stopped() {
    }

    NodeListener NONE = new NodeListener() {
    };
}
