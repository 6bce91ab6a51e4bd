package dev.dpm.chain.rpc;

/**
 * Deterministic test state on an {@link Anvil}: a tiny contract set with {@code anvil_setCode}. Called
 * with one word it emits {@code LOG1(topic = word 0)} and returns {@code sload(word 0)}; called with two
 * words it stores word 1 at slot word 0. Tests get eth_call results, storage and logs without a compiler.
 */
final class TestChain {
    /** The contract's address. */
    static final String CONTRACT = "0x00000000000000000000000000000000000d0d0d";
    /**
     * Runtime: PUSH1 32 CALLDATASIZE GT PUSH1 0x19 JUMPI; PUSH1 0 CALLDATALOAD DUP1 PUSH1 0 PUSH1 0 LOG1
     * SLOAD PUSH1 0 MSTORE PUSH1 32 PUSH1 0 RETURN; JUMPDEST PUSH1 32 CALLDATALOAD PUSH1 0 CALLDATALOAD
     * SSTORE STOP.
     */
    static final String RUNTIME = "0x602036116019576000358060006000a15460005260206000f35b6020356000355500";
    /** Genesis timestamp used so that two anvils build identical chains. */
    static final long GENESIS_TIME = 1_700_000_000L;

    private TestChain() {
    }

    static String word(long v) {
        return String.format("0x%064x", v);
    }

    /** Installs the contract and sets {@code slot} to {@code value}, then mines one block at {@code time}. */
    static void install(Anvil a, long slot, long value, long time) throws Exception {
        a.rpc("anvil_setCode", CONTRACT, RUNTIME);
        a.rpc("anvil_setStorageAt", CONTRACT, word(slot), word(value));
        a.rpc("evm_mine", time);
    }

    /** Stores {@code value} at {@code slot} by a transaction (mined at once by anvil's automine). */
    static String store(Anvil a, long slot, long value) throws Exception {
        java.util.Map<String, Object> tx = new java.util.LinkedHashMap<>();
        tx.put("from", Anvil.DEV_ACCOUNT);
        tx.put("to", CONTRACT);
        tx.put("data", word(slot) + word(value).substring(2));
        tx.put("gas", "0x30000");
        return a.rpc("eth_sendTransaction", tx).asText();
    }

    /** Sends a transaction from the dev account to the contract with {@code topic} as calldata (emits a log). */
    /** Sends a transaction that emits one log with {@code topic}, and waits until it is mined. */
    static String emit(Anvil a, long topic) throws Exception {
        String hash = send(a, topic);
        // mined before the next one is sent: with automine a busy anvil otherwise puts two in one block
        // now and then, and the tests count one log per block
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (a.rpc("eth_getTransactionReceipt", hash).isNull()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("transaction " + hash + " not mined within 30 s");
            }
            Thread.sleep(5);
        }
        return hash;
    }

    /** Sends a transaction that emits one log with {@code topic}, without waiting for a block. */
    static String send(Anvil a, long topic) throws Exception {
        java.util.Map<String, Object> tx = new java.util.LinkedHashMap<>();
        tx.put("from", Anvil.DEV_ACCOUNT);
        tx.put("to", CONTRACT);
        tx.put("data", word(topic));
        tx.put("gas", "0x30000");
        return a.rpc("eth_sendTransaction", tx).asText();
    }
}
