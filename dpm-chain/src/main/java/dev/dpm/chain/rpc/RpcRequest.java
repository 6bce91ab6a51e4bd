package dev.dpm.chain.rpc;

import java.util.List;

/**
 * One JSON-RPC call: a method and its positional parameters (anything Jackson serialises: strings,
 * numbers, booleans, maps, lists).
 */
public record RpcRequest(String method, List<Object> params) {
    public RpcRequest {
        params = List.copyOf(params);
    }

    public static RpcRequest of(String method, Object... params) {
        return new RpcRequest(method, List.of(params));
    }
}
