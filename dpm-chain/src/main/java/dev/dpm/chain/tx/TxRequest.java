package dev.dpm.chain.tx;

import java.math.BigInteger;

/**
 * A transaction to send.
 *
 * @param to          the contract called, 0x-prefixed; null to create a contract
 * @param data        call data (or creation code with constructor arguments), 0x-prefixed hex
 * @param gasLimit    gas limit; null to estimate (a revert found by estimation is reported without sending)
 * @param description what it does, for messages ("publish foo@1.0")
 */
public record TxRequest(String to, String data, BigInteger gasLimit, String description) {

    public static TxRequest call(String to, String data, String description) {
        return new TxRequest(to, data, null, description);
    }

    /** The same request with a fixed gas limit (no estimation: a revert happens on chain). */
    public TxRequest withGasLimit(BigInteger gas) {
        return new TxRequest(to, data, gas, description);
    }
}
