package dev.dpm.chain.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures a verified read (pin + one eth_call) against one local anvil versus two cross-checked ones,
 * plus a proven storage read, in the same run. Figures go to target/rpc-timing.txt.
 */
class CrossCheckTimingIT {
    private static final int WARMUP = 100;
    private static final int RUNS = 300;

    @TempDir
    Path tmp;

    private interface Read {
        void run() throws Exception;
    }

    /** Times the reads interleaved (one of each per round) so that warm-up and load hit all alike. */
    private static double[][] time(Read... reads) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            for (Read r : reads) {
                r.run();
            }
        }
        double[][] ms = new double[reads.length][RUNS];
        for (int i = 0; i < RUNS; i++) {
            for (int k = 0; k < reads.length; k++) {
                int j = (i + k) % reads.length; // rotate the order too
                long t = System.nanoTime();
                reads[j].run();
                ms[j][i] = (System.nanoTime() - t) / 1e6;
            }
        }
        for (double[] m : ms) {
            Arrays.sort(m);
        }
        return ms;
    }

    private static String line(String what, double[] ms) {
        return String.format(Locale.ROOT, "%-44s median %6.2f ms  p90 %6.2f ms  (n=%d)", what, ms[ms.length / 2],
                ms[(int) (ms.length * 0.9)], ms.length);
    }

    @Test
    void crossCheckedReadCostsAboutOneParallelRoundTripMore() throws Exception {
        String genesis = Long.toString(TestChain.GENESIS_TIME);
        try (Anvil a = Anvil.start(tmp, "--timestamp", genesis); Anvil b = Anvil.start(tmp, "--timestamp", genesis)) {
            for (Anvil x : List.of(a, b)) {
                TestChain.install(x, 1, 99, TestChain.GENESIS_TIME + 10);
            }
            byte[] data = BlockHeader.unhex(TestChain.word(1));
            try (VerifiedChainReader one = VerifiedChainReader.builder().endpoint(a.uri()).chainId(31337).build();
                 VerifiedChainReader two = VerifiedChainReader.builder().endpoint(a.uri()).endpoint(b.uri())
                         .chainId(31337).build()) {
                assertThat(new BigInteger(1, two.pin().call(TestChain.CONTRACT, data))).isEqualTo(99);
                double[][] t = time(
                        () -> one.pin().call(TestChain.CONTRACT, data),
                        () -> two.pin().call(TestChain.CONTRACT, data),
                        () -> one.pin().provenState().storageAt(TestChain.CONTRACT, BigInteger.ONE),
                        () -> two.pin().provenState().storageAt(TestChain.CONTRACT, BigInteger.ONE));
                double[] single = t[0];
                double[] cross = t[1];
                double[] proven = t[2];
                double[] provenCross = t[3];
                String report = String.join("\n",
                        "verified read = pin (chain id + head [+ block at pin]) + one eth_call; proven = pin + eth_getProof "
                                + "of one slot, verified; local anvil 1.7.1, interleaved",
                        line("single endpoint", single),
                        line("cross-checked, 2 endpoints", cross),
                        line("single endpoint, proven storage slot", proven),
                        line("cross-checked, proven storage slot", provenCross)) + "\n";
                Path out = Path.of("target", "rpc-timing.txt");
                try {
                    Files.createDirectories(out.getParent());
                    Files.writeString(out, report);
                } catch (IOException e) {
                    // not fatal: the figures are also on stdout
                }
                System.out.print(report);
                assertThat(cross[RUNS / 2]).isPositive();
            }
        }
    }

    @Test
    void provenLogsCostAHeaderPerBlock() throws Exception {
        try (Anvil a = Anvil.start(tmp)) {
            TestChain.install(a, 1, 1, System.currentTimeMillis() / 1000);
            for (int i = 0; i < 10; i++) {
                TestChain.emit(a, i);
                a.mine(99);
            }
            try (VerifiedChainReader plain = VerifiedChainReader.builder().endpoint(a.uri()).chainId(31337).build();
                 VerifiedChainReader proving = VerifiedChainReader.builder().endpoint(a.uri()).chainId(31337)
                         .proveLogs(true).build()) {
                VerifiedChainView p = plain.pin();
                VerifiedChainView q = proving.pin();
                assertThat(q.logs(TestChain.CONTRACT, 0, null)).isEqualTo(p.logs(TestChain.CONTRACT, 0, null))
                        .hasSize(10);
                double[] ms = new double[2];
                int runs = 10;
                for (int i = 0; i < runs; i++) {
                    long t = System.nanoTime();
                    p.logs(TestChain.CONTRACT, 0, null);
                    ms[0] += (System.nanoTime() - t) / 1e6 / runs;
                    t = System.nanoTime();
                    q.logs(TestChain.CONTRACT, 0, null);
                    ms[1] += (System.nanoTime() - t) / 1e6 / runs;
                }
                String report = String.format(Locale.ROOT, "logs over %d blocks (10 events), single endpoint: "
                        + "eth_getLogs %.1f ms, proven (headers + receipts roots) %.1f ms (mean of %d)%n",
                        q.block().number() + 1, ms[0], ms[1], runs);
                Path out = Path.of("target", "rpc-timing-logs.txt");
                try {
                    Files.createDirectories(out.getParent());
                    Files.writeString(out, report);
                } catch (IOException e) {
                    // not fatal: the figures are also on stdout
                }
                System.out.print(report);
            }
        }
    }
}
