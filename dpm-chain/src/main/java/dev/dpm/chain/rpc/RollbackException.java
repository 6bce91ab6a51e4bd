package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;

/**
 * Rollback protection: an endpoint reports a chain head older than the newest block this client has
 * already seen (or a different block at the height already seen), i.e. it replays old state.
 */
public final class RollbackException extends ChainException {
    private final URI endpoint;
    private final long headNumber;
    private final long highestSeen;

    public RollbackException(URI endpoint, long headNumber, long highestSeen, String detail) {
        super("RPC endpoint " + endpoint + ": chain head " + headNumber + " is behind block " + highestSeen
                + " already seen by this client (" + detail + ")");
        this.endpoint = endpoint;
        this.headNumber = headNumber;
        this.highestSeen = highestSeen;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long headNumber() {
        return headNumber;
    }

    public long highestSeen() {
        return highestSeen;
    }
}
