package dev.dpm.bench.chain;

import dev.dpm.chain.ChainException;
import dev.dpm.chain.devnet.Devnet;
import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.devnet.DevnetInfo;
import dev.dpm.chain.registry.NewRelease;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxListener;
import dev.dpm.chain.tx.TxReceipt;
import dev.dpm.chain.tx.TxRequest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * Publishing throughput on a devnet (anvil, one block per second), three ways, in the same run:
 * <ol>
 *   <li><b>naive baseline</b>: N publish transactions signed with consecutive nonces and sent back to back
 *       with no bound, then receipts awaited (what a simple client does); counts how many never confirm;</li>
 *   <li><b>dpm, one transaction per release</b>: {@link RegistryWriter#publishEach(List)} through the
 *       {@link TransactionSender} (bounded in flight, every receipt confirmed, lost ones resubmitted);</li>
 *   <li><b>dpm, batch</b>: {@link RegistryWriter#publishBatch(List)}.</li>
 * </ol>
 * Usage: {@code RegistryBenchmark --repo DPM_CHECKOUT --dir WORKDIR [--n 1000] [--in-flight 64]}.
 */
public final class RegistryBenchmark {
    private RegistryBenchmark() {
    }

    /** One way of publishing N releases. */
    public record Run(String what, int sent, int confirmed, long millis, long gas, int resubmissions) {
        @Override
        public String toString() {
            return String.format("%-34s sent %5d  confirmed %5d  %7d ms  %6.1f releases/s  %,9d gas/release"
                    + "  resubmitted %d", what, sent, confirmed, millis, confirmed * 1000.0 / Math.max(1, millis),
                    confirmed == 0 ? 0 : gas / confirmed, resubmissions);
        }
    }

    public static void main(String[] args) throws Exception {
        Path repo = null;
        Path dir = null;
        int n = 1000;
        int inFlight = 256;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repo" -> repo = Path.of(args[++i]);
                case "--dir" -> dir = Path.of(args[++i]);
                case "--n" -> n = Integer.parseInt(args[++i]);
                case "--in-flight" -> inFlight = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (repo == null || dir == null) {
            throw new IllegalArgumentException("usage: RegistryBenchmark --repo DIR --dir DIR [--n N] [--in-flight N]");
        }
        for (Run r : run(Devnet.anvilIn(repo), dir, n, inFlight)) {
            System.out.println(r);
        }
    }

    /** Runs the three ways on a fresh devnet under {@code dir} and stops it. */
    public static List<Run> run(Path anvil, Path dir, int n, int inFlight) throws ChainException, IOException,
            InterruptedException {
        Devnet devnet = Devnet.builder(anvil, dir.resolve("devnet")).keystoreDir(dir.resolve("keystore")).port(0)
                .build();
        List<Run> runs = new ArrayList<>();
        try {
            DevnetInfo info = devnet.up();
            // Accounts 4 and 5 become publishers (the quorum: admins 0 and 1).
            try (TransactionSender a0 = sender(info, 0, 16); TransactionSender a1 = sender(info, 1, 16)) {
                RegistryWriter w0 = new RegistryWriter(a0, info.registry());
                RegistryWriter w1 = new RegistryWriter(a1, info.registry());
                for (int acct : new int[] {4, 5}) {
                    w1.approve(w0.proposeAddPublisher(DevnetAccounts.ADDRESSES.get(acct)).id());
                }
            }
            runs.add(naive(info, releases("naive", n)));
            AtomicInteger resubmitted = new AtomicInteger();
            try (TransactionSender s = TransactionSender.builder(info.rpc(),
                    Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(5)), info.chainId())
                    .maxInFlight(inFlight).pollInterval(Duration.ofMillis(200)).listener(new TxListener() {
                        @Override
                        public void resubmitted(TxRequest request, String hash) {
                            resubmitted.incrementAndGet();
                        }
                    }).build()) {
                RegistryWriter w = new RegistryWriter(s, info.registry());
                long t0 = System.nanoTime();
                List<TxReceipt> r = w.publishEach(releases("each", n));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                runs.add(new Run("dpm, one tx per release (bound " + inFlight + ")", n, r.size(), ms,
                        r.stream().mapToLong(TxReceipt::gasUsed).sum(), resubmitted.get()));
            }
            try (TransactionSender s = sender(info, 3, inFlight)) {
                RegistryWriter w = new RegistryWriter(s, info.registry());
                long t0 = System.nanoTime();
                List<TxReceipt> r = w.publishBatch(releases("batch", n));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                runs.add(new Run("dpm, batch (" + r.size() + " transactions)", n, n, ms,
                        r.stream().mapToLong(TxReceipt::gasUsed).sum(), 0));
            }
        } finally {
            devnet.down();
        }
        return runs;
    }

    private static TransactionSender sender(DevnetInfo info, int account, int inFlight) {
        return TransactionSender.builder(info.rpc(), Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(account)),
                info.chainId()).maxInFlight(inFlight).pollInterval(Duration.ofMillis(200)).build();
    }

    /** N new names, each with a 200-byte manifest. */
    static List<NewRelease> releases(String prefix, int n) {
        List<NewRelease> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = prefix + i;
            String head = "Package: " + name + "\nVersion: 1.0\nDescription: ";
            byte[] m = (head + "x".repeat(Math.max(1, 199 - head.length())) + "\n").getBytes(StandardCharsets.UTF_8);
            out.add(NewRelease.of(name, "1.0", m));
        }
        return out;
    }

    /** Back to back, no bound, then wait for receipts (up to 60 s after the last send). */
    private static Run naive(DevnetInfo info, List<NewRelease> releases) throws IOException, InterruptedException {
        Web3j web3j = Web3j.build(new HttpService(info.rpc()));
        try {
            Credentials c = Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(4));
            long nonce = web3j.ethGetTransactionCount(c.getAddress(), DefaultBlockParameterName.PENDING).send()
                    .getTransactionCount().longValueExact();
            BigInteger price = web3j.ethGasPrice().send().getGasPrice().shiftLeft(1);
            List<String> hashes = new ArrayList<>();
            long t0 = System.nanoTime();
            for (NewRelease r : releases) {
                Function f = new Function("publish", List.of(new Utf8String(r.name()), new Utf8String(r.version()),
                        new DynamicBytes(r.manifestCid()), new DynamicBytes(r.manifest())), List.of());
                RawTransaction tx = RawTransaction.createTransaction(BigInteger.valueOf(nonce++), price,
                        BigInteger.valueOf(400_000), info.registry(), BigInteger.ZERO, FunctionEncoder.encode(f));
                String hash = web3j.ethSendRawTransaction(Numeric.toHexString(TransactionEncoder.signMessage(tx,
                        info.chainId(), c))).send().getTransactionHash();
                if (hash != null) {
                    hashes.add(hash);
                }
            }
            int confirmed = 0;
            long gas = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            for (String h : hashes) {
                Optional<TransactionReceipt> r = Optional.empty();
                while (r.isEmpty() && System.nanoTime() < deadline) {
                    r = web3j.ethGetTransactionReceipt(h).send().getTransactionReceipt();
                    if (r.isEmpty()) {
                        Thread.sleep(200);
                    }
                }
                if (r.isPresent() && r.get().isStatusOK()) {
                    confirmed++;
                    gas += r.get().getGasUsed().longValueExact();
                }
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            return new Run("naive: back to back, no bound", releases.size(), confirmed, ms, gas, 0);
        } finally {
            web3j.shutdown();
        }
    }
}
