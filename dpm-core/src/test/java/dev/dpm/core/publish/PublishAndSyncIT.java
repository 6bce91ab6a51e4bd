package dev.dpm.core.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.dpm.chain.registry.ManifestCid;
import dev.dpm.chain.registry.RegistryClient;
import dev.dpm.chain.registry.RegistryWriter;
import dev.dpm.chain.rpc.JsonRpcClient;
import dev.dpm.chain.rpc.RollbackException;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.content.Cid;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.index.IndexException;
import dev.dpm.core.index.IndexSync;
import dev.dpm.core.index.SyncListener;
import dev.dpm.core.index.SyncReport;
import dev.dpm.core.scenario.Scenario;
import dev.dpm.core.scenario.ScenarioChain;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publishing (algorithm 1) and {@code dpm update} against a real anvil. */
class PublishAndSyncIT {
    private static ScenarioChain chain;

    @TempDir
    Path tmp;
    private Scenario s;

    @BeforeAll
    static void startChain() throws Exception {
        chain = ScenarioChain.start();
    }

    @AfterAll
    static void stopChain() throws Exception {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void newScenario() throws Exception {
        s = new Scenario(chain, tmp, 1);
    }

    @AfterEach
    void closeScenario() {
        if (s != null) {
            s.close();
        }
    }

    private long names() throws Exception {
        try (VerifiedChainReader r = VerifiedChainReader.builder().endpoint(URI.create(chain.rpc()))
                .chainId(ScenarioChain.CHAIN_ID).build()) {
            return new RegistryClient(s.registry()).names(r.pin(), 0, 10).total();
        }
    }

    @Test
    void publishesContentPinnedAndTheManifestOnChain() throws Exception {
        PublishResult r = s.pkg("hello", "1.0-1").file("usr/bin/hello", "hi").publish();

        assertThat(r.alreadyPublished()).isFalse();
        assertThat(r.transactionHash()).startsWith("0x");
        assertThat(r.manifestCid()).isEqualTo(Cid.raw(r.manifest().toCanonicalBytes()));
        assertThat(r.manifest().files()).extracting(f -> f.path()).containsExactly("usr", "usr/bin", "usr/bin/hello");
        assertThat(r.manifest().payload()).isEqualTo(r.payload());
        try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(chain.rpc()))
                .chainId(ScenarioChain.CHAIN_ID).build()) {
            var rec = new RegistryClient(s.registry()).release(reader.pin(), "hello", "1.0-1").orElseThrow();
            assertThat(rec.manifestCid()).isEqualTo(r.manifestCid().toBytes());
            assertThat(rec.publisher()).isEqualTo(ScenarioChain.address(ScenarioChain.PUBLISHER));
        }
        // a second run is a no-op, not an error
        PublishResult again = s.pkg("hello", "1.0-1").file("usr/bin/hello", "hi").publish();
        assertThat(again.alreadyPublished()).isTrue();
    }

    @Test
    void refusesBeforeSendingWhenTheAccountIsNotAPublisher() throws Exception {
        assertThatThrownBy(() -> s.pkg("hello", "1.0").file("a", "a").publishAs(ScenarioChain.OUTSIDER))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PublishException.Reason.NOT_PUBLISHER);
                    assertThat(e.getMessage()).contains(ScenarioChain.address(ScenarioChain.OUTSIDER))
                            .contains("is not a publisher");
                });
        assertThat(names()).isZero();
    }

    @Test
    void refusesAPublisherWhoIsNotAMaintainerOfTheName() throws Exception {
        s.pkg("owned", "1.0").file("a", "a").publish();
        assertThatThrownBy(() -> s.pkg("owned", "2.0").file("a", "b").publishAs(ScenarioChain.SECOND_PUBLISHER))
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PublishException.Reason.NOT_MAINTAINER);
                    assertThat(e.getMessage()).contains("is not a maintainer of owned");
                });
    }

    @Test
    void refusesAnExistingVersionWithAnotherManifest() throws Exception {
        s.pkg("once", "1.0").file("a", "first").publish();
        assertThatThrownBy(() -> s.pkg("once", "1.0").file("a", "second").publish())
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PublishException.Reason.VERSION_EXISTS);
                    assertThat(e.getMessage()).contains("once@1.0 already published");
                });
    }

    @Test
    void refusesAnInvalidManifestNamingTheField() throws Exception {
        assertThatThrownBy(() -> s.pkg("bad", "not a version").file("a", "a").publish())
                .isInstanceOfSatisfying(PublishException.class, e -> {
                    assertThat(e.reason()).isEqualTo(PublishException.Reason.INVALID_MANIFEST);
                    assertThat(e.getMessage()).contains("manifest field 'version'");
                });
        Path src = s.pkg("nodesc", "1.0").file("a", "a").write();
        Files.writeString(src.resolve("dpm.control"), "Package: nodesc\nVersion: 1.0\nArchitecture: all\n");
        assertThatThrownBy(() -> s.publisher(ScenarioChain.PUBLISHER).publish(src))
                .isInstanceOfSatisfying(PublishException.class,
                        e -> assertThat(e.getMessage()).contains("Description"));
        assertThat(names()).isZero();
    }

    @Test
    void updateIsIncrementalAndChecksEveryManifestAgainstItsCid() throws Exception {
        s.pkg("one", "1.0").file("a", "1").publish();
        s.pkg("two", "1.0").file("b", "2").publish();
        SyncReport first = s.update();
        assertThat(first.releasesAdded()).isEqualTo(2);
        assertThat(first.fromBlock()).isZero();

        s.pkg("three", "1.0").file("c", "3").publish();
        // a release whose manifest describes another package: the contract only checks the CID
        byte[] foreign = s.publisher(ScenarioChain.PUBLISHER).prepare(s.pkg("decoy", "9.0").file("x", "x").write())
                .manifestBytes();
        try (TransactionSender sender = chain.sender(ScenarioChain.PUBLISHER)) {
            new RegistryWriter(sender, s.registry()).publish("impostor", "1.0", ManifestCid.of(foreign), foreign);
        }
        SyncReport second = s.update();

        assertThat(second.fromBlock()).isEqualTo(first.toBlock() + 1);
        assertThat(second.releasesAdded()).isEqualTo(1);
        assertThat(second.rejected()).singleElement().satisfies(r -> assertThat(r).startsWith("impostor@1.0")
                .contains("decoy@9.0"));
        assertThat(second.totalReleases()).isEqualTo(3);
        assertThat(s.pm().search("impostor")).isEmpty();
        assertThat(s.update().releasesAdded()).isZero();
    }

    @Test
    void syncOverSeveralWindowsReportsIncreasingProgressEndingAtTheTotal() throws Exception {
        s.pkg("one", "1.0").file("a", "1").publish();
        s.pkg("two", "1.0").file("b", "2").publish();
        List<long[]> calls = new ArrayList<>();
        SyncReport r;
        try (VerifiedChainReader reader = VerifiedChainReader.builder().endpoint(URI.create(chain.rpc()))
                .chainId(ScenarioChain.CHAIN_ID).logPageBlocks(2).build();
                LocalDatabase db = LocalDatabase.open(tmp.resolve("windowed"))) {
            r = new IndexSync(db, reader, s.registry()).sync(new SyncListener() {
                @Override
                public void scanning(long blocksScanned, long blocksTotal, int eventsSoFar) {
                    calls.add(new long[] {blocksScanned, blocksTotal, eventsSoFar});
                }
            });
        }
        long total = r.toBlock() - r.fromBlock() + 1;
        // windows of 2 blocks over the whole chain since block 0: more than start and end
        assertThat(total).isGreaterThan(4);
        assertThat(calls.size()).isEqualTo(1 + (int) ((total + 1) / 2));
        assertThat(calls.get(0)).containsExactly(0, total, 0);
        for (int i = 1; i < calls.size(); i++) {
            assertThat(calls.get(i)[0]).isGreaterThan(calls.get(i - 1)[0]);
            assertThat(calls.get(i)[2]).isGreaterThanOrEqualTo(calls.get(i - 1)[2]);
            assertThat(calls.get(i)[1]).isEqualTo(total);
        }
        assertThat(calls.get(calls.size() - 1)).containsExactly(total, total, r.events());
        // the windows give exactly the events of one ranged read: the same index as an unwindowed sync
        assertThat(r.releasesAdded()).isEqualTo(2);
        assertThat(r.events()).isEqualTo(s.update().events());
    }

    @Test
    void updateRefusesAChainRolledBackBelowTheHighestBlockSeen() throws Exception {
        try (JsonRpcClient rpc = JsonRpcClient.builder(URI.create(chain.rpc())).build()) {
            JsonNode snapshot = rpc.call("evm_snapshot");
            s.pkg("one", "1.0").file("a", "1").publish();
            rpc.call("anvil_mine", "0x5");
            s.update();
            s.reopen();
            rpc.call("evm_revert", snapshot.asText());
            try {
                assertThatThrownBy(() -> s.update()).isInstanceOfSatisfying(IndexException.class,
                        e -> assertThat(e.getCause()).isInstanceOf(RollbackException.class));
            } finally {
                rpc.call("anvil_mine", "0x20"); // leave the shared chain ahead again for later tests
            }
        }
    }

    @Test
    void updateRebuildsTheIndexAfterAReorganisation() throws Exception {
        try (JsonRpcClient rpc = JsonRpcClient.builder(URI.create(chain.rpc())).build()) {
            s.pkg("kept", "1.0").file("k", "k").publish();
            JsonNode snapshot = rpc.call("evm_snapshot");
            s.pkg("orphan", "1.0").file("a", "1").publish();
            SyncReport first = s.update();
            assertThat(first.reorganisation()).isNull();
            assertThat(s.pm().search("orphan")).isNotEmpty();
            s.reopen();
            rpc.call("evm_revert", snapshot.asText());
            // another history from the snapshot on: another release, and more blocks than before
            s.pkg("canonical", "1.0").file("b", "2").publish();
            rpc.call("anvil_mine", "0x20");
            String chainHash = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(first.toBlock()), false)
                    .get("hash").asText();
            assertThat(chainHash).isNotEqualTo(first.toBlockHash());

            SyncReport second = s.update();

            assertThat(second.reorganisation()).isNotNull();
            assertThat(second.reorganisation().block()).isEqualTo(first.toBlock());
            assertThat(second.reorganisation().hadHash()).isEqualTo(first.toBlockHash());
            assertThat(second.reorganisation().chainHash()).isEqualTo(chainHash);
            assertThat(second.reorganisation().describe()).isEqualTo("chain reorganised at block " + first.toBlock()
                    + " (had " + first.toBlockHash() + ", chain has " + chainHash + ")");
            assertThat(second.fromBlock()).isZero();
            assertThat(s.pm().search("orphan")).isEmpty();
            assertThat(s.pm().search("canonical")).isNotEmpty();
            assertThat(s.pm().search("kept")).isNotEmpty();
            assertThat(second.totalReleases()).isEqualTo(2);
            assertThat(s.update().reorganisation()).isNull();
        }
    }
}
