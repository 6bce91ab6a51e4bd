package dev.dpm.cli.chain;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.ChainException;
import dev.dpm.chain.rpc.BlockHeader;
import dev.dpm.chain.rpc.HeaderChainException;
import dev.dpm.chain.rpc.JsonRpcClient;
import dev.dpm.chain.rpc.RpcEndpointException;
import java.net.URI;

/**
 * The trusted checkpoint {@code dpm devnet up} and {@code dpm registry deploy} write into the
 * configuration: the registry's deploy block, as the endpoint the user deployed through reports it
 * (its header re-hashed). Every later pin must then descend from it by parent hashes, so a first
 * {@code dpm update} against an endpoint serving another chain (TUF's fast-forward) is refused rather
 * than recorded as the highest block seen. The registry holds nothing older, so nothing is lost.
 */
final class DeployCheckpoint {
    private DeployCheckpoint() {
    }

    /**
     * {@code NUMBER:0xHASH} of block {@code number} at {@code rpc}.
     *
     * @throws ChainException naming the endpoint when it does not have the block or its header does not
     *                        hash to the hash it claims
     */
    static String of(String rpc, long number) throws ChainException {
        URI endpoint = URI.create(rpc);
        try (JsonRpcClient c = JsonRpcClient.builder(endpoint).build()) {
            String method = "eth_getBlockByNumber";
            JsonNode b = c.call(method, "0x" + Long.toHexString(number), false);
            if (b == null || b.isNull()) {
                throw new RpcEndpointException(endpoint, method, "does not have block " + number
                        + ", in which the registry was deployed");
            }
            BlockHeader h = BlockHeader.parse(endpoint, method, b);
            if (h.number() != number || !h.computeHash().equals(h.hash())) {
                throw new HeaderChainException(endpoint, number, "header of the deploy block does not hash to "
                        + h.hash());
            }
            return number + ":" + h.hash();
        }
    }
}
