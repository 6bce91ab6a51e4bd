package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;

/**
 * A block header from an endpoint does not check out: its hash is not the hash of its fields, it does
 * not link to its child by parent hash, it does not reach the trusted checkpoint, or its seal is not
 * from a configured validator.
 */
public final class HeaderChainException extends ChainException {
    private final URI endpoint;
    private final long blockNumber;

    public HeaderChainException(URI endpoint, long blockNumber, String problem) {
        super("RPC endpoint " + endpoint + ": block " + blockNumber + ": " + problem);
        this.endpoint = endpoint;
        this.blockNumber = blockNumber;
    }

    public URI endpoint() {
        return endpoint;
    }

    public long blockNumber() {
        return blockNumber;
    }
}
