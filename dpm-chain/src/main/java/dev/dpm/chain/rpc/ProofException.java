package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;

/**
 * An EIP-1186 proof from an endpoint does not verify against the pinned block's state root: the
 * endpoint returned a wrong account or storage value (or a malformed proof). {@link #slot()} is null
 * when the account proof itself failed.
 */
public final class ProofException extends ChainException {
    private final URI endpoint;
    private final String address;
    private final String slot;
    private final long blockNumber;

    public ProofException(URI endpoint, String address, String slot, long blockNumber, String problem) {
        super("RPC endpoint " + endpoint + ": proof of " + address + (slot == null ? "" : " slot " + slot)
                + " at block " + blockNumber + " does not verify: " + problem);
        this.endpoint = endpoint;
        this.address = address;
        this.slot = slot;
        this.blockNumber = blockNumber;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String address() {
        return address;
    }

    public String slot() {
        return slot;
    }

    public long blockNumber() {
        return blockNumber;
    }
}
