package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.testing.TestAnvil;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures the gas of the registry's main operations (from the receipts of real anvil transactions) with a
 * 200-byte manifest, and writes them to {@code target/registry-gas.txt} (docs/REGISTRY.md quotes them). The
 * bounds are the design's promises: a release is a few storage slots plus its event, a batch shares the
 * transaction's overhead.
 */
class RegistryGasIT {
    @TempDir
    Path tmp;

    static byte[] manifest(String name, String version) {
        String head = "Package: " + name + "\nVersion: " + version + "\nDescription: ";
        return (head + "x".repeat(200 - head.length() - 1) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    static long total(List<TxReceipt> receipts) {
        return receipts.stream().mapToLong(TxReceipt::gasUsed).sum();
    }

    @Test
    void measuresGas() throws Exception {
        Map<String, Long> gas = new LinkedHashMap<>();
        try (TestAnvil anvil = TestAnvil.start(tmp);
                TransactionSender admin0 = anvil.sender(0);
                TransactionSender admin1 = anvil.sender(1);
                TransactionSender pub = anvil.sender(3)) {
            List<String> a = DevnetAccounts.ADDRESSES;
            TxReceipt d = RegistryWriter.deploy(admin0, a.subList(0, 3), 2, Duration.ofDays(7), List.of(a.get(3)));
            gas.put("deploy (3 admins, 1 publisher)", d.gasUsed());
            RegistryWriter w0 = new RegistryWriter(admin0, d.contractAddress());
            RegistryWriter w1 = new RegistryWriter(admin1, d.contractAddress());
            RegistryWriter wp = new RegistryWriter(pub, d.contractAddress());
            byte[] m = manifest("hello", "1.0");
            assertThat(m).hasSize(200);
            gas.put("first release of a new name", wp.publish("hello", "1.0", ManifestCid.of(m), m).gasUsed());
            m = manifest("hello", "1.1");
            gas.put("new release of an existing name", wp.publish("hello", "1.1", ManifestCid.of(m), m).gasUsed());
            List<NewRelease> batch = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                batch.add(NewRelease.of("bulk" + i, "1.0", manifest("bulk" + i, "1.0")));
            }
            List<TxReceipt> r = wp.publishBatch(batch);
            // Chunks are at most half a block (15M gas on anvil): 100 new names take two transactions.
            assertThat(r.size()).isEqualTo(2);
            gas.put("batch of 100 new names, both transactions", total(r));
            gas.put("one release inside a batch of 100 (new name)", total(r) / 100);
            batch.clear();
            for (int i = 0; i < 100; i++) {
                batch.add(NewRelease.of("bulk" + i, "1.1", manifest("bulk" + i, "1.1")));
            }
            r = wp.publishBatch(batch);
            assertThat(r.size()).isEqualTo(1);
            gas.put("one release inside a batch of 100 (existing name)", total(r) / 100);
            RegistryWriter.Proposed p = w0.proposeAddPublisher(a.get(4));
            gas.put("proposal (with the proposer's approval)", p.receipt().gasUsed());
            RegistryWriter.Proposed q = w0.proposeAddPublisher(a.get(5));
            gas.put("one approval that executes (add publisher)", w1.approve(p.id()).gasUsed());
            w0.revoke(q.id());
            gas.put("one approval (not executing)", w0.approve(q.id()).gasUsed());
        }
        StringBuilder out = new StringBuilder("operation\tgas\n");
        gas.forEach((k, v) -> out.append(k).append('\t').append(v).append('\n'));
        Files.writeString(Path.of("target", "registry-gas.txt"), out);
        System.out.print(out);
        assertThat(gas.get("first release of a new name")).isBetween(100_000L, 400_000L);
        assertThat(gas.get("new release of an existing name")).isLessThan(gas.get("first release of a new name"));
        assertThat(gas.get("one release inside a batch of 100 (new name)"))
                .isLessThan(gas.get("first release of a new name"));
    }
}
