package dev.dpm.chain.tx;

import dev.dpm.chain.ChainException;

/**
 * The contract refused a transaction. {@link #reason()} is the contract's reason in words ("0x.. is not a
 * maintainer of foo"); {@link #transactionHash()} is null when the refusal was found by gas estimation,
 * before anything was sent.
 */
public class TransactionRevertedException extends ChainException {
    private final String description;
    private final String transactionHash;
    private final String reason;

    public TransactionRevertedException(String description, String transactionHash, long blockNumber, String reason) {
        super(description + (transactionHash == null ? " refused: " :
                " reverted (tx " + transactionHash + ", block " + blockNumber + "): ") + reason);
        this.description = description;
        this.transactionHash = transactionHash;
        this.reason = reason;
    }

    public String description() {
        return description;
    }

    public String transactionHash() {
        return transactionHash;
    }

    public String reason() {
        return reason;
    }
}
