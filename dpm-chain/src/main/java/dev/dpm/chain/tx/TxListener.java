package dev.dpm.chain.tx;

/** Progress of a {@link TransactionSender}; called on the sending thread. All methods default to nothing. */
public interface TxListener {
    TxListener NONE = new TxListener() { };

    /** {@code request} was signed with {@code nonce} and handed to the node as {@code hash}. */
    default void submitted(TxRequest request, String hash, long nonce) {
    }

    /** The node had lost {@code hash} (neither mined nor pending): it was sent again, unchanged. */
    default void resubmitted(TxRequest request, String hash) {
    }

    /** {@code receipt} was mined successfully. */
    default void confirmed(TxReceipt receipt) {
    }
}
