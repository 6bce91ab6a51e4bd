package dev.dpm.chain.rpc;

/**
 * Progress of {@link VerifiedChainReader#pin()} linking the pinned block's header chain to a trusted block
 * (the checkpoint, the newest block already linked to it, or, for the fast-forward check, the highest block
 * seen). Usually a few headers; after a client was idle for a month on a chain with 5-second blocks, about
 * half a million (some 16 to 40 s against a local anvil, longer against a remote endpoint): a front end
 * should show it. Called on the pinning thread;
 * implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface HeaderWalkListener {
    HeaderWalkListener NONE = (fromBlock, toBlock, linked) -> {
    };

    /**
     * {@code linked} of the {@code toBlock - fromBlock} headers between trusted block {@code fromBlock} and
     * the pinned block {@code toBlock} are verified (re-hashed, linked by parent hash, sealed when validators
     * are configured). Called with the count so far when a walk starts, then after every batch of headers
     * with increasing counts; a walk that links ends with {@code linked == toBlock - fromBlock}. A pin may
     * walk more than once: when the chain does not go through the newest block linked before (another chain,
     * a reorganisation below it), the walk starts again from the checkpoint (a lower {@code fromBlock}), and
     * the fast-forward check ({@link VerifiedChainReader.Builder#requireDescent(boolean)}) walks from the
     * highest block seen.
     */
    void linking(long fromBlock, long toBlock, long linked);
}
