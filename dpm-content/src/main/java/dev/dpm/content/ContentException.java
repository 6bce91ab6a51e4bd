package dev.dpm.content;

/**
 * Root of every failure reported by the content-addressing module. Subtypes carry the thing at
 * fault (a CID string, a block, a file, a directory) and their messages name it.
 */
public class ContentException extends Exception {
    public ContentException(String message) {
        super(message);
    }

    public ContentException(String message, Throwable cause) {
        super(message, cause);
    }
}
