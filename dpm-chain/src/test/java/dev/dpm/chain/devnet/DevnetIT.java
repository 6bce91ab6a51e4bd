package dev.dpm.chain.devnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.keys.Keystore;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.Proposal;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.testing.TestAnvil;
import dev.dpm.chain.tx.TransactionSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;

/** The devnet: up deploys a demo quorum; down and up again keeps every release, publisher and proposal. */
class DevnetIT {
    @TempDir
    Path home;

    @Test
    void stateSurvivesDownAndUp() throws Exception {
        Devnet devnet = Devnet.builder(Devnet.anvilIn(TestAnvil.repoRoot()), home.resolve("devnet"))
                .keystoreDir(home.resolve("keystore")).port(0).build();
        try {
            DevnetInfo first = devnet.up();
            assertThat(first.deployed()).isTrue();
            assertThat(devnet.status()).isPresent();
            // The publisher's key is in the keystore, with the documented devnet password.
            Keystore ks = new Keystore(home.resolve("keystore"));
            Credentials publisher = ks.unlock(DevnetAccounts.PUBLISHER, DevnetAccounts.PASSWORD);
            Credentials admin = ks.unlock(DevnetAccounts.ADMINS.get(0), DevnetAccounts.PASSWORD);
            long proposalId;
            try (TransactionSender ps = TransactionSender.builder(first.rpc(), publisher, first.chainId())
                    .pollInterval(Duration.ofMillis(100)).build();
                    TransactionSender as = TransactionSender.builder(first.rpc(), admin, first.chainId())
                            .pollInterval(Duration.ofMillis(100)).build()) {
                byte[] m = "Package: hello\nVersion: 1.0\n".getBytes(StandardCharsets.UTF_8);
                new RegistryWriter(ps, first.registry()).publish("hello", "1.0", ManifestCid.of(m), m);
                proposalId = new RegistryWriter(as, first.registry()).proposeAddPublisher(
                        DevnetAccounts.ADDRESSES.get(4)).id();
            }
            devnet.down();
            assertThat(devnet.status()).isEmpty();
            assertThat(Files.size(devnet.stateFile())).isPositive();

            DevnetInfo second = devnet.up();
            assertThat(second.deployed()).isFalse();
            assertThat(second.registry()).isEqualTo(first.registry());
            try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(second.rpc()))
                    .chainId(second.chainId()).build()) {
                ChainView v = reader.pin();
                RegistryClient c = new RegistryClient(second.registry());
                assertThat(c.release(v, "hello", "1.0")).isPresent();
                assertThat(c.allPublishers(v)).containsExactly(DevnetAccounts.PUBLISHER);
                assertThat(c.admins(v)).containsExactlyElementsOf(DevnetAccounts.ADMINS);
                assertThat(c.threshold(v)).isEqualTo(2);
                List<Proposal> open = c.openProposals(v);
                assertThat(open).extracting(Proposal::id).containsExactly(proposalId);
                assertThat(open.get(0).approvers()).containsExactly(DevnetAccounts.ADMINS.get(0));
            }
        } finally {
            devnet.down();
        }
    }
    @Test
    void aFailedUpLeavesNoAnvilRunning() throws Exception {
        Path notADirectory = Files.writeString(home.resolve("keystore"), "a file where the keystore should be");
        Devnet devnet = Devnet.builder(Devnet.anvilIn(TestAnvil.repoRoot()), home.resolve("devnet"))
                .keystoreDir(notADirectory).port(0).build();
        List<ProcessHandle> before = anvilChildren(List.of()); // other tests' anvils in this JVM, if any
        try {
            assertThatThrownBy(devnet::up).isInstanceOf(dev.dpm.chain.ChainException.class);
            // before: the anvil started for this up kept running, recorded nowhere (devnet down could not
            // stop it), holding its port and state file
            assertThat(anvilChildren(before)).as("anvil processes left by the failed up").isEmpty();
            assertThat(devnet.status()).isEmpty();
        } finally {
            for (ProcessHandle h : anvilChildren(before)) {
                h.destroyForcibly();
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits until anvil has dumped its state twice from now: a write of the state file, then another
     * at least half a second later (dumps are a second apart; one dump may be several writes). The
     * second dump started after the first had ended, so after now. Then a moment more, so that a kill
     * does not meet that write half done. A fixed wait of two and a half seconds was too short when
     * anvil was slow to get the CPU.
     */
    private static void awaitTwoDumps(Path state) throws Exception {
        long start = System.nanoTime();
        java.nio.file.attribute.FileTime last = Files.exists(state) ? Files.getLastModifiedTime(state) : null;
        long firstDump = 0;
        while (true) {
            assertThat(System.nanoTime() - start).as("ns waiting for anvil to dump its state twice")
                    .isLessThan(60_000_000_000L);
            Thread.sleep(20);
            java.nio.file.attribute.FileTime now = Files.exists(state) ? Files.getLastModifiedTime(state) : null;
            if (now == null || now.equals(last)) {
                continue;
            }
            last = now;
            if (firstDump == 0) {
                firstDump = System.nanoTime();
            } else if (System.nanoTime() - firstDump >= 500_000_000L) {
                break;
            }
        }
        Thread.sleep(200);
    }

    private static List<ProcessHandle> anvilChildren(List<ProcessHandle> except) {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(h -> !except.contains(h))
                .filter(h -> h.info().command().orElse("").endsWith("anvil")).toList();
    }

    @Test
    void aKilledDevnetLosesAtMostTheLastSecond() throws Exception {
        Devnet devnet = Devnet.builder(Devnet.anvilIn(TestAnvil.repoRoot()), home.resolve("devnet"))
                .keystoreDir(home.resolve("keystore")).port(0).build();
        try {
            DevnetInfo first = devnet.up();
            try (TransactionSender ps = TransactionSender.builder(first.rpc(),
                    org.web3j.crypto.Credentials.create(DevnetAccounts.PRIVATE_KEYS.get(3)), first.chainId())
                    .pollInterval(Duration.ofMillis(100)).build()) {
                byte[] m = "Package: crash\nVersion: 1\n".getBytes(StandardCharsets.UTF_8);
                new RegistryWriter(ps, first.registry()).publish("crash", "1", ManifestCid.of(m), m);
            }
            // --state-interval 1: the second dump from now on is one started after the release was mined.
            awaitTwoDumps(devnet.stateFile());
            ProcessHandle anvil = ProcessHandle.of(first.pid()).orElseThrow();
            anvil.destroyForcibly();
            anvil.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(devnet.status()).isEmpty();
            DevnetInfo second = devnet.up();
            assertThat(second.deployed()).isFalse();
            try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(second.rpc()))
                    .chainId(second.chainId()).build()) {
                assertThat(new RegistryClient(second.registry()).release(reader.pin(), "crash", "1")).isPresent();
            }
        } finally {
            devnet.down();
        }
    }
}
