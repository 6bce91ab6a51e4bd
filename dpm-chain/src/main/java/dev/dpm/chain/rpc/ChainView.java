package dev.dpm.chain.rpc;

import dev.dpm.chain.ChainException;
import java.net.URI;
import java.util.List;

/**
 * A read-only view of the chain pinned to one block: every read made through one view answers as of
 * {@link #block()}, so one operation never mixes state from different blocks (mix-and-match).
 *
 * <p>Implementations verify what they return (cross-checking several endpoints, proofs); a read that
 * cannot be trusted fails with a {@link ChainException} naming the endpoint at fault. Thread-safe.
 */
public interface ChainView {

    /** The block every read of this view is pinned to. */
    BlockRef block();

    /**
     * The RPC endpoints this view reads from, each of which answered (alike) every read it returned:
     * when a returned answer proves a lie (data the contract cannot have emitted), they are the ones to
     * name. Empty when the view does not know.
     */
    default List<URI> endpoints() {
        return List.of();
    }

    /** {@code eth_call} of {@code data} on contract {@code to} at {@link #block()}; returns the raw result. */
    byte[] call(String to, byte[] data) throws ChainException;

    /**
     * {@code eth_getLogs} of contract {@code address} from block {@code fromBlock} through
     * {@link #block()}, optionally restricted to the given topic-0 values (null or empty: all), in chain
     * order. Implementations page large ranges themselves.
     */
    List<LogEntry> logs(String address, long fromBlock, List<String> topic0s) throws ChainException;

    /**
     * As {@link #logs(String, long, List)} but only through block {@code toBlock} (inclusive), so a caller
     * can read a long range in windows and report progress between them; verified like every read of this
     * view. The default reads through {@link #block()} and drops the later logs; implementations that can
     * read a range directly override it.
     *
     * @throws ChainException {@code toBlock} above the pinned block (names both), or a read that cannot be
     *                        trusted (names the endpoint)
     */
    default List<LogEntry> logs(String address, long fromBlock, long toBlock, List<String> topic0s)
            throws ChainException {
        if (toBlock > block().number()) {
            throw new ChainException("logs up to block " + toBlock + " asked of a view pinned to block "
                    + block().number());
        }
        if (toBlock < Math.max(0, fromBlock)) {
            return List.of();
        }
        return logs(address, fromBlock, topic0s).stream().filter(l -> l.blockNumber() <= toBlock).toList();
    }

    /**
     * The span in blocks a caller reading a long range with {@link #logs(String, long, long, List)} should
     * use per window: one internal page of this view, so windowing costs no extra requests.
     * {@link Long#MAX_VALUE} (the default) when the view reads a range only as a whole at no extra cost.
     */
    default long logWindowBlocks() {
        return Long.MAX_VALUE;
    }

    /**
     * Block {@code number} (at most {@link #block()}'s number), e.g. for its timestamp, verified like every
     * read of this view. Views that cannot fetch blocks throw.
     *
     * @throws ChainException a number above the pinned block, a block an endpoint does not have, or one the
     *                        endpoints disagree on or cannot justify (names the endpoint)
     */
    default BlockRef blockAt(long number) throws ChainException {
        throw new ChainException("this chain view (" + getClass().getSimpleName() + ") cannot fetch block " + number);
    }

    /**
     * Contract storage at {@link #block()} verified by EIP-1186 storage proofs against the block's
     * state root, the defence against a single lying endpoint. Views that cannot prove storage throw.
     */
    default ProvenState provenState() throws ChainException {
        throw new ChainException("this chain view (" + getClass().getSimpleName() + ") cannot prove storage");
    }
}
