package dev.dpm.storage;

import dev.dpm.content.Blockstore;
import dev.dpm.content.Cid;

/**
 * Fetches a whole DAG into a blockstore: the port the installer depends on ({@link HttpDagFetcher}
 * is the HTTP implementation). Every block is verified against its CID before it is stored or its
 * links are followed; blocks already in {@code into} are not fetched again, so calling it again after
 * an interruption resumes the download.
 */
public interface DagFetcher {
    /**
     * Fetches every block reachable from {@code root} that {@code into} lacks.
     *
     * @param listener receives progress; called from several threads
     * @return what was transferred
     * @throws BlockUnavailableException if some block could not be had from any usable peer
     * @throws FetchException            for other failures of the transfer (names CID and peer)
     * @throws LocalStoreException       if {@code into} failed
     * @throws InterruptedException      if the calling thread was interrupted; blocks stored so far stay
     */
    FetchSummary fetch(Cid root, Blockstore into, FetchListener listener) throws StorageException, InterruptedException;

    /**
     * As {@link #fetch(Cid, Blockstore, FetchListener)}, as one of the fetches of {@code session}: peers
     * dropped by another fetch of the session are not asked, and peers this one drops are dropped for
     * the others too (reported once). The default ignores the session.
     */
    default FetchSummary fetch(Cid root, Blockstore into, FetchListener listener, FetchSession session)
            throws StorageException, InterruptedException {
        return fetch(root, into, listener);
    }
}
