package dev.dpm.storage.share;

import dev.dpm.content.Cid;
import dev.dpm.storage.StorageException;

/** A DAG could not be copied to its new owner; names the root and the member. */
public final class RereplicationException extends StorageException {
    private final Cid root;
    private final String member;

    public RereplicationException(Cid root, String member, Throwable cause) {
        super("re-replicating " + root + " to " + member + ": " + cause.getMessage(), cause);
        this.root = root;
        this.member = member;
    }

    public Cid root() {
        return root;
    }

    public String member() {
        return member;
    }
}
