package dev.dpm.chain.tx;

import dev.dpm.chain.ChainException;

/** A transaction that was sent but never confirmed within the timeout, even after resubmission. */
public class TransactionLostException extends ChainException {
    private final String transactionHash;

    public TransactionLostException(String message, String transactionHash) {
        super(message);
        this.transactionHash = transactionHash;
    }

    public String transactionHash() {
        return transactionHash;
    }
}
