package dev.dpm.core.index;

/**
 * Progress of {@link IndexSync#sync}. Called on the syncing thread; implementations must be quick and
 * must not throw.
 */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {
    };

    /** The chain was pinned at {@code head}; events from {@code fromBlock} through it will be read. */
    default void started(long fromBlock, long head) {
    }

    /**
     * The block the index was last synced to is no longer the chain's: the index was emptied and will be
     * rebuilt from the registry's first block (see {@link SyncReport.Reorganisation#describe()}).
     */
    default void reorganised(SyncReport.Reorganisation reorganisation) {
    }

    /**
     * Reading events: {@code blocksScanned} of {@code blocksTotal} blocks read, {@code eventsSoFar} registry
     * events found in them. Called with 0 when reading starts, then after every window of
     * {@link dev.dpm.chain.rpc.ChainView#logWindowBlocks()} blocks with increasing counts, the last call
     * with {@code blocksScanned == blocksTotal}.
     */
    default void scanning(long blocksScanned, long blocksTotal, int eventsSoFar) {
    }

    /** {@code count} registry events were read from the chain. */
    default void eventsFetched(int count) {
    }

    /** {@code done} of {@code total} events applied; the last one was in block {@code block}. */
    default void progress(int done, int total, long block) {
    }

    /** A release whose manifest does not check out was left out of the index (one line why). */
    default void releaseRejected(String release, String why) {
    }
}
