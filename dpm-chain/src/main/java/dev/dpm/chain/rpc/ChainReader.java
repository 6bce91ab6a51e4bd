package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;

/**
 * Gives trustworthy views of the chain. {@link #pin()} picks the current head, refuses it when it is
 * older than the freshness window (freeze) or older than the newest block this client has already seen
 * (rollback), and returns a view pinned to it. Thread-safe.
 */
public interface ChainReader extends AutoCloseable {

    /** A view pinned to the current, checked head. */
    ChainView pin() throws ChainException;

    /** The chain id all endpoints reported (checked against the configured one). */
    long chainId() throws ChainException;

    @Override
    void close();
}
