package dev.dpm.chain.rpc;

import java.net.URI;

/** The endpoint's answer exceeded the configured size bound; reading stopped at the bound. */
public final class RpcResponseTooLargeException extends RpcEndpointException {
    private final long limitBytes;

    public RpcResponseTooLargeException(URI endpoint, String method, long limitBytes) {
        super(endpoint, method, "answer larger than the " + limitBytes + "-byte bound");
        this.limitBytes = limitBytes;
    }

    /** The bound, in bytes. */
    public long limitBytes() {
        return limitBytes;
    }
}
