package dev.dpm.storage;

import dev.dpm.content.Cid;

/**
 * No usable peer could deliver a block: every peer lacked it, failed, or was dropped. The message
 * lists what happened with each peer.
 */
public final class BlockUnavailableException extends FetchException {
    public BlockUnavailableException(Cid cid, String detail) {
        super("block " + cid + " could not be fetched: " + detail, cid, null);
    }
}
