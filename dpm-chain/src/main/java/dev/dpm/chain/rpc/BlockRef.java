package dev.dpm.chain.rpc;

/**
 * One block, as every read of an operation is pinned to it.
 *
 * @param number    block number
 * @param hash      block hash, 0x-prefixed lower-case hex
 * @param timestamp block timestamp, seconds since the epoch
 * @param stateRoot state root, 0x-prefixed hex (for storage proofs)
 */
public record BlockRef(long number, String hash, long timestamp, String stateRoot) {
}
