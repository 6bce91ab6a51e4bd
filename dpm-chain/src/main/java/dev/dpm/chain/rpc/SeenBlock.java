package dev.dpm.chain.rpc;

/**
 * The newest block this client has pinned, as remembered across runs for rollback protection.
 *
 * @param number block number
 * @param hash   block hash, 0x-prefixed lower-case hex
 */
public record SeenBlock(long number, String hash) {
}
