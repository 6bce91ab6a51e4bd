package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;

/**
 * Fast-forward protection: an endpoint's chain head is past the highest block this client has seen
 * but does not descend from it by parent hashes (another chain with the same id, or a reorganisation
 * deeper than that block). The head is not recorded, so the chain already seen still works.
 */
public final class ForeignChainException extends ChainException {
    private final URI endpoint;
    private final long headNumber;
    private final SeenBlock seen;

    public ForeignChainException(URI endpoint, long headNumber, SeenBlock seen, String detail) {
        super("RPC endpoint " + endpoint + ": chain head " + headNumber + " does not descend from block "
                + seen.number() + " " + seen.hash() + " already seen by this client (" + detail + ")");
        this.endpoint = endpoint;
        this.headNumber = headNumber;
        this.seen = seen;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long headNumber() {
        return headNumber;
    }

    /** The block already seen that the head does not descend from. */
    public SeenBlock seen() {
        return seen;
    }
}
