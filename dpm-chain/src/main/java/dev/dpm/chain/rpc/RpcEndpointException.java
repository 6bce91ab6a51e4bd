package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;

/**
 * One JSON-RPC endpoint failed to give a usable answer: unreachable, too slow, too large, malformed,
 * or a JSON-RPC error object. The message names the endpoint and the method; subclasses say which.
 */
public class RpcEndpointException extends ChainException {
    private final URI endpoint;
    private final String method;

    public RpcEndpointException(URI endpoint, String method, String problem) {
        super("RPC endpoint " + endpoint + ": " + method + ": " + problem);
        this.endpoint = endpoint;
        this.method = method;
    }

    public RpcEndpointException(URI endpoint, String method, String problem, Throwable cause) {
        super("RPC endpoint " + endpoint + ": " + method + ": " + problem, cause);
        this.endpoint = endpoint;
        this.method = method;
    }

    /** The endpoint at fault. */
    public URI endpoint() {
        return endpoint;
    }

    /** The JSON-RPC method (or {@code batch[...]}) that failed. */
    public String method() {
        return method;
    }
}
