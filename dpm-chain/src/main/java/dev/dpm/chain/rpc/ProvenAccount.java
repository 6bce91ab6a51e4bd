package dev.dpm.chain.rpc;

import java.math.BigInteger;

/**
 * An account as proven by an EIP-1186 account proof against a block's state root.
 *
 * @param address     0x-prefixed lower-case address
 * @param exists      false when the proof shows the account is absent (then the rest is zero/empty)
 * @param nonce       account nonce
 * @param balance     balance in wei
 * @param storageRoot root of the account's storage trie, 0x-prefixed hex
 * @param codeHash    keccak-256 of the account's code, 0x-prefixed hex
 */
public record ProvenAccount(String address, boolean exists, BigInteger nonce, BigInteger balance,
        String storageRoot, String codeHash) {
}
