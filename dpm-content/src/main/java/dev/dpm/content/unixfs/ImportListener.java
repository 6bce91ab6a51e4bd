package dev.dpm.content.unixfs;

/** Progress of an import; called on the importing thread. Default methods do nothing. */
public interface ImportListener {
    ImportListener NONE = new ImportListener() {
    };

    /** {@code bytes} more bytes of file content were read and chunked. */
    default void bytesRead(long bytes) {
    }

    /** A file, directory or symlink at {@code path} (relative, '/'-separated) was imported. */
    default void entryImported(String path, dev.dpm.content.Cid cid) {
    }
}
