package dev.dpm.chain.rpc;

import java.net.URI;

/** An endpoint serves another chain than the configured one. */
public final class ChainIdMismatchException extends RpcEndpointException {
    private final long expected;
    private final long actual;

    public ChainIdMismatchException(URI endpoint, long expected, long actual) {
        super(endpoint, "eth_chainId", "serves chain id " + actual + ", configured chain id is " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
