package dev.dpm.core.pm;

import dev.dpm.content.Cid;
import dev.dpm.core.index.SyncListener;
import dev.dpm.core.install.TransactionListener;
import dev.dpm.storage.FetchProgress;
import dev.dpm.storage.FetchSummary;
import dev.dpm.storage.Peer;
import dev.dpm.storage.PeerFault;

/**
 * Progress of every {@link PackageManager} operation, for the front end: index sync
 * ({@link SyncListener}), downloads (below) and transactions ({@link TransactionListener}, including
 * {@link TransactionListener#recovered} when an interrupted run is recovered). Fetch callbacks come from
 * the fetcher's threads: implementations must be thread-safe, quick, and must not throw.
 */
public interface PackageManagerListener extends SyncListener, TransactionListener {
    /** Does nothing. */
    PackageManagerListener SILENT = new PackageManagerListener() {
    };

    /** Download of {@code release}'s payload starts ({@code index} of {@code total}, from 1). */
    default void fetchStarted(String release, Cid payload, long bytes, int index, int total) {
    }

    /** Totals of the running download of {@code release}. */
    default void fetchProgress(String release, FetchProgress progress) {
    }

    /** The payload of {@code release} is complete and verified in the local blockstore. */
    default void fetchFinished(String release, FetchSummary summary) {
    }

    /** A storage peer stopped being used (blacklisted when the fault says so). */
    default void peerDropped(Peer peer, PeerFault fault, String reason) {
    }
}
