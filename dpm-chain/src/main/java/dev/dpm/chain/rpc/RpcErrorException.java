package dev.dpm.chain.rpc;

import java.net.URI;

/**
 * The endpoint answered with a JSON-RPC error object (for example an {@code eth_call} that reverted).
 * {@link #data()} is the error's {@code data} member as raw JSON text (for a revert: the 0x-prefixed
 * revert data), or null.
 */
public final class RpcErrorException extends RpcEndpointException {
    private final long code;
    private final String rpcMessage;
    private final String data;

    public RpcErrorException(URI endpoint, String method, long code, String rpcMessage, String data) {
        super(endpoint, method, "error " + code + ": " + rpcMessage);
        this.code = code;
        this.rpcMessage = rpcMessage;
        this.data = data;
    }

    public long code() {
        return code;
    }

    public String rpcMessage() {
        return rpcMessage;
    }

    public String data() {
        return data;
    }
}
