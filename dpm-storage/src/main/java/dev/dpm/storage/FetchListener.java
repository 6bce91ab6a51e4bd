package dev.dpm.storage;

import dev.dpm.content.Cid;
import java.util.List;

/**
 * Progress of a {@link DagFetcher#fetch}. Called from the fetcher's worker threads: implementations
 * must be thread-safe and quick.
 */
public interface FetchListener {
    /** A block was verified and stored; {@code from} is null when it was already in the blockstore. */
    default void blockStored(Cid cid, int size, Peer from) {
    }

    /** Periodic totals (about five times a second, and once at the end). */
    default void progress(FetchProgress progress) {
    }

    /**
     * A peer misbehaved; {@code fault} names the block, the peer and what was wrong (a
     * {@link BlockVerificationException} for a wrong block, with expected and received CIDs). Called
     * just before {@link #peerDropped}.
     */
    default void peerFault(PeerFaultException fault) {
    }

    /** A peer stopped being used for this transfer, for {@code fault}; blacklisted if {@code fault.blacklists()}. */
    default void peerDropped(Peer peer, PeerFault fault, String reason) {
    }

    /**
     * The transfer has ended, but these workers had not stopped within the stop timeout (5 s by
     * default): each is described by its peer and what it was doing (e.g. storing a block, on a
     * hung disk). The fetch returns or throws without waiting longer; they call no listener method
     * and store no block from now on, but one stuck inside such a call finishes it. Called once,
     * by the thread that called {@code fetch}, before it returns.
     */
    default void workersNotStopped(Cid root, List<String> workers) {
    }

    FetchListener NONE = new FetchListener() {
    };
}
