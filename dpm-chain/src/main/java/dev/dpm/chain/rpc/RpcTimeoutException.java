package dev.dpm.chain.rpc;

import java.net.URI;
import java.time.Duration;

/** The endpoint did not connect or did not deliver its whole answer within the configured time. */
public final class RpcTimeoutException extends RpcEndpointException {
    private final Duration limit;

    public RpcTimeoutException(URI endpoint, String method, Duration limit) {
        super(endpoint, method, "no complete answer within " + limit.toMillis() + " ms");
        this.limit = limit;
    }

    /** The time bound that was exceeded. */
    public Duration limit() {
        return limit;
    }
}
