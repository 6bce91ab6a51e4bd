package dev.dpm.chain.tx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.testing.TestAnvil;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** The sender against anvil with a 1 s block time: lost transactions, bounded pipelining, wrong chain id. */
class TransactionSenderIT {
    @TempDir
    static Path tmp;
    static TestAnvil anvil;

    @BeforeAll
    static void start() throws Exception {
        anvil = TestAnvil.start(tmp, "--block-time", "1");
    }

    @AfterAll
    static void stop() {
        if (anvil != null) {
            anvil.close();
        }
    }

    static TxRequest transfer(String description) {
        // A call to an account without code: succeeds, changes nothing but the nonce.
        return new TxRequest(DevnetAccounts.ADDRESSES.get(5), "0x", BigInteger.valueOf(21_000), description);
    }

    @Test
    void aTransactionTheNodeLostIsSentAgainAndConfirmed() throws Exception {
        List<String> resubmitted = new CopyOnWriteArrayList<>();
        List<String> dropped = new ArrayList<>();
        TxListener dropFirst = new TxListener() {
            @Override
            public void submitted(TxRequest request, String hash, long nonce) {
                try {
                    if (dropped.isEmpty()) {
                        // No block may include it before it is gone: mining is paused (since before it was
                        // sent: paused only here, a block could include it first), drop it, resume.
                        anvil.call("anvil_dropTransaction", hash);
                        assertThat(anvil.call("eth_getTransactionByHash", hash).isNull()).isTrue();
                        dropped.add(hash);
                        anvil.call("evm_setIntervalMining", 1);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public void resubmitted(TxRequest request, String hash) {
                resubmitted.add(hash);
            }
        };
        anvil.call("evm_setIntervalMining", 0);
        try (TransactionSender s = TransactionSender.builder(anvil.rpc(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(1)), Devnet.CHAIN_ID)
                .pollInterval(Duration.ofMillis(100)).lostAfter(Duration.ofMillis(1500)).listener(dropFirst).build()) {
            List<TxReceipt> r;
            try {
                r = s.sendAll(List.of(transfer("first"), transfer("second")));
            } finally {
                anvil.call("evm_setIntervalMining", 1);
            }
            assertThat(dropped).hasSize(1);
            assertThat(resubmitted).containsExactly(dropped.get(0));
            assertThat(r.get(0).hash()).isEqualTo(dropped.get(0));
            assertThat(r.get(0).resubmissions()).isEqualTo(1);
            assertThat(r.get(1).blockNumber()).isGreaterThanOrEqualTo(r.get(0).blockNumber());
        }
    }

    @Test
    void manyTransactionsAreAllConfirmedWithABoundInFlight() throws Exception {
        Set<Long> nonces = new HashSet<>();
        int[] maxPending = {0};
        int[] pending = {0};
        TxListener count = new TxListener() {
            @Override
            public void submitted(TxRequest request, String hash, long nonce) {
                nonces.add(nonce);
                maxPending[0] = Math.max(maxPending[0], ++pending[0]);
            }

            @Override
            public void confirmed(TxReceipt receipt) {
                pending[0]--;
            }
        };
        List<TxRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            reqs.add(transfer("transfer " + i));
        }
        try (TransactionSender s = TransactionSender.builder(anvil.rpc(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(2)), Devnet.CHAIN_ID)
                .pollInterval(Duration.ofMillis(100)).maxInFlight(20).listener(count).build()) {
            List<TxReceipt> r = s.sendAll(reqs);
            assertThat(r).hasSize(60).allSatisfy(x -> assertThat(x.blockNumber()).isPositive());
            assertThat(nonces).hasSize(60);
            assertThat(maxPending[0]).isLessThanOrEqualTo(20);
            long nonce = s.web3j().ethGetTransactionCount(s.account(),
                    org.web3j.protocol.core.DefaultBlockParameterName.LATEST).send().getTransactionCount().longValue();
            assertThat(nonce).isEqualTo(60);
        }
    }

    @Test
    void gasInFlightIsBoundedToBlocks() throws Exception {
        int[] maxPending = {0};
        int[] pending = {0};
        TxListener count = new TxListener() {
            @Override
            public void submitted(TxRequest request, String hash, long nonce) {
                maxPending[0] = Math.max(maxPending[0], ++pending[0]);
            }

            @Override
            public void confirmed(TxReceipt receipt) {
                pending[0]--;
            }
        };
        List<TxRequest> reqs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // 10M gas limit each (21k used): one block of anvil's 30M holds three of them by limit.
            reqs.add(transfer("big " + i).withGasLimit(BigInteger.valueOf(10_000_000)));
        }
        try (TransactionSender s = TransactionSender.builder(anvil.rpc(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(4)), Devnet.CHAIN_ID)
                .pollInterval(Duration.ofMillis(100)).maxInFlightBlocks(1).listener(count).build()) {
            assertThat(s.blockGasLimit()).isEqualTo(BigInteger.valueOf(30_000_000));
            assertThat(s.sendAll(reqs)).hasSize(8);
            assertThat(maxPending[0]).isEqualTo(3);
        }
    }

    @Test
    void aTransactionNeverMinedIsReportedLostAfterTheTimeout(@TempDir Path dir) throws Exception {
        try (TestAnvil stuck = TestAnvil.start(dir, "--no-mining");
                TransactionSender s = TransactionSender.builder(stuck.rpc(),
                        Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(1)), Devnet.CHAIN_ID)
                        .pollInterval(Duration.ofMillis(100)).lostAfter(Duration.ofMillis(300))
                        .timeout(Duration.ofSeconds(2)).build()) {
            assertThatThrownBy(() -> s.send(transfer("stuck transfer")))
                    .isInstanceOfSatisfying(TransactionLostException.class, e -> {
                        assertThat(e.transactionHash()).startsWith("0x");
                        assertThat(e.getMessage()).startsWith("stuck transfer (tx " + e.transactionHash()
                                + ") was not confirmed by " + stuck.rpc() + " within 2 s");
                    });
        }
    }

    @Test
    void aWrongChainIdIsRefusedBeforeSigning() {
        try (TransactionSender s = TransactionSender.builder(anvil.rpc(),
                Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(3)), 1).build()) {
            assertThatThrownBy(() -> s.send(transfer("x"))).hasMessage(anvil.rpc()
                    + " reports chain id 31337, configured 1");
        }
    }
}
