package dev.dpm.chain.devnet;

import java.util.List;

/**
 * A running devnet.
 *
 * @param rpc         JSON-RPC endpoint, {@code http://127.0.0.1:PORT}
 * @param chainId     its chain id
 * @param registry    address of the registry contract
 * @param deployBlock block in which the registry was deployed (events start there)
 * @param pid         process id of anvil
 * @param admins      the demo quorum's admins
 * @param threshold   the demo quorum's threshold
 * @param publisher   the demo publisher
 * @param deployed    true when this start deployed the registry, false when it was reloaded from state
 * @param wasRunning  true when anvil was already running (nothing was started)
 */
public record DevnetInfo(String rpc, long chainId, String registry, long deployBlock, long pid, List<String> admins,
        int threshold, String publisher, boolean deployed, boolean wasRunning) {
    public DevnetInfo {
        admins = List.copyOf(admins);
    }
}
