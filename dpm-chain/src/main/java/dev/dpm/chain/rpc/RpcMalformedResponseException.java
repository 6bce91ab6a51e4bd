package dev.dpm.chain.rpc;

import java.net.URI;

/** The endpoint answered, but not with a well-formed JSON-RPC response of the expected shape. */
public final class RpcMalformedResponseException extends RpcEndpointException {
    public RpcMalformedResponseException(URI endpoint, String method, String problem) {
        super(endpoint, method, "malformed answer: " + problem);
    }

    public RpcMalformedResponseException(URI endpoint, String method, String problem, Throwable cause) {
        super(endpoint, method, "malformed answer: " + problem, cause);
    }
}
