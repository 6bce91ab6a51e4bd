package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;
import java.util.List;

/**
 * Endpoints gave different answers to the same read at the same block. {@link #endpoints()} are the
 * endpoints that differ from the majority (all of them when there is no majority): at least one of the
 * named endpoints lies or serves another chain.
 */
public final class EndpointDisagreementException extends ChainException {
    private final List<URI> endpoints;
    private final long blockNumber;
    private final String read;

    public EndpointDisagreementException(List<URI> endpoints, long blockNumber, String read, String detail) {
        super("RPC endpoints disagree on " + read + " at block " + blockNumber + ": " + endpoints
                + " differ (" + detail + ")");
        this.endpoints = List.copyOf(endpoints);
        this.blockNumber = blockNumber;
        this.read = read;
    }

    /** The endpoints whose answer differs from the others. */
    public List<URI> endpoints() {
        return endpoints;
    }

    /** The block the read was pinned to. */
    public long blockNumber() {
        return blockNumber;
    }

    /** What was read, e.g. {@code eth_call 0x…} or {@code block hash}. */
    public String read() {
        return read;
    }
}
