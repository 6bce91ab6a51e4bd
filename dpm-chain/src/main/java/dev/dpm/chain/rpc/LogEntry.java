package dev.dpm.chain.rpc;

import java.util.List;

/**
 * One event log as returned by {@code eth_getLogs}.
 *
 * @param address         emitting contract, 0x-prefixed lower-case hex
 * @param topics          topics, 0x-prefixed hex, topic 0 is the event signature hash
 * @param data            ABI-encoded non-indexed data, 0x-prefixed hex
 * @param blockNumber     block that holds the log
 * @param blockHash       hash of that block
 * @param transactionHash transaction that emitted it
 * @param logIndex        position of the log in the block
 */
public record LogEntry(String address, List<String> topics, String data, long blockNumber, String blockHash,
        String transactionHash, long logIndex) {
}
