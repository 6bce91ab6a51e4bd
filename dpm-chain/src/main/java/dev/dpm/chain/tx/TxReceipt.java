package dev.dpm.chain.tx;

import dev.dpm.chain.rpc.LogEntry;
import java.util.List;

/**
 * A confirmed, successful transaction.
 *
 * @param description     what it did
 * @param hash            transaction hash
 * @param blockNumber     block that holds it
 * @param gasUsed         gas it used
 * @param contractAddress the created contract for a creation, else null
 * @param logs            the logs it emitted
 * @param resubmissions   how many times it was sent again because a node had lost it
 */
public record TxReceipt(String description, String hash, long blockNumber, long gasUsed, String contractAddress,
        List<LogEntry> logs, int resubmissions) {
    public TxReceipt {
        logs = List.copyOf(logs);
    }
}
