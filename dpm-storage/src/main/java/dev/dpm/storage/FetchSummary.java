package dev.dpm.storage;

import dev.dpm.content.Cid;
import java.time.Duration;
import java.util.Map;

/**
 * The outcome of a completed fetch.
 *
 * @param root         the DAG's root
 * @param blocks       distinct blocks in the DAG
 * @param blocksLocal  of which were already stored before this fetch
 * @param bytesFetched verified bytes received from peers
 * @param elapsed      wall time
 * @param bytesByPeer  verified bytes each peer delivered
 * @param dropped      peers dropped during the transfer, with the reason
 */
public record FetchSummary(Cid root, long blocks, long blocksLocal, long bytesFetched, Duration elapsed,
                           Map<Peer, Long> bytesByPeer, Map<Peer, String> dropped) {
    /** Average rate of the network part, bytes per second. */
    public double bytesPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? bytesFetched / s : 0;
    }
}
