package dev.dpm.core.debimport;

/** Progress of a {@link DebianIndexImporter}; called on the importing thread. All methods default to nothing. */
public interface IndexImportListener {
    IndexImportListener NONE = new IndexImportListener() { };

    /** The index was read: {@code stanzas} stanzas gave {@code releases} distinct releases. */
    default void loaded(int stanzas, int releases, long millis) {
    }

    /**
     * What the chain already has, before publishing: {@code checkpointed} releases covered by a checkpoint
     * verified against the chain, {@code foundOnChain} more found in the registry's events (published by an
     * interrupted run after its last checkpoint, or by someone else).
     *
     * @param checkpointNote why a checkpoint file was not used (null when it was, or when there was none)
     */
    default void resumed(long checkpointed, long foundOnChain, String checkpointNote) {
    }

    /** {@code release} was not published: {@code reason} (e.g. another manifest already bound, name too long). */
    default void skipped(String release, String reason) {
    }

    /** A batch was confirmed on chain and checkpointed. */
    default void progress(IndexImportProgress progress) {
    }
}
