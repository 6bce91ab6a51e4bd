package dev.dpm.chain.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.chain.registry.RegistryEvent.MaintainerAdded;
import dev.dpm.chain.registry.RegistryEvent.ReleasePublished;
import dev.dpm.chain.registry.RegistryEvent.ReleaseYanked;
import dev.dpm.chain.rpc.ChainView;
import dev.dpm.chain.testing.TestAnvil;
import dev.dpm.chain.tx.TransactionRevertedException;
import dev.dpm.chain.tx.TransactionSender;
import dev.dpm.chain.tx.TxReceipt;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the registry against a real anvil (mining on each transaction): each test deploys a fresh
 * registry with admins = accounts 0, 1, 2 (threshold 2) and publisher = account 3; account 4 is nobody.
 */
class RegistryIT {
    static final List<String> A = DevnetAccounts.ADDRESSES;
    static final Duration LIFETIME = Duration.ofHours(1);

    @TempDir
    static Path tmp;
    static TestAnvil anvil;
    static final TransactionSender[] senders = new TransactionSender[6];

    RegistryWriter[] w = new RegistryWriter[6];
    RegistryClient client;
    RegistryEvents events;
    String registry;

    @BeforeAll
    static void startAnvil() throws Exception {
        anvil = TestAnvil.start(tmp);
        for (int i = 0; i < senders.length; i++) {
            senders[i] = anvil.sender(i);
        }
    }

    @AfterAll
    static void stopAnvil() {
        for (TransactionSender s : senders) {
            if (s != null) {
                s.close();
            }
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @BeforeEach
    void deploy() throws Exception {
        TxReceipt r = RegistryWriter.deploy(senders[0], A.subList(0, 3), 2, LIFETIME, List.of(A.get(3)));
        registry = r.contractAddress();
        for (int i = 0; i < w.length; i++) {
            w[i] = new RegistryWriter(senders[i], registry);
        }
        client = new RegistryClient(registry);
        events = new RegistryEvents(registry);
    }

    static byte[] manifest(String name, String version) {
        return ("Package: " + name + "\nVersion: " + version + "\n").getBytes(StandardCharsets.UTF_8);
    }

    TxReceipt publish(int who, String name, String version) throws Exception {
        byte[] m = manifest(name, version);
        return w[who].publish(name, version, ManifestCid.of(m), m);
    }

    ChainView view() throws Exception {
        return anvil.view();
    }

    static String reasonOf(Throwable t) {
        return ((TransactionRevertedException) t).reason();
    }

    // ---- deployment ---------------------------------------------------------------------------------

    @Test
    void deploymentSetsQuorumAndPublisherAndSaysSoInEvents() throws Exception {
        ChainView v = view();
        assertThat(client.admins(v)).containsExactly(A.get(0), A.get(1), A.get(2));
        assertThat(client.threshold(v)).isEqualTo(2);
        assertThat(client.allPublishers(v)).containsExactly(A.get(3));
        assertThat(client.proposalLifetime(v)).isEqualTo(LIFETIME.toSeconds());
        List<RegistryEvent> ev = events.events(v, 0);
        assertThat(ev).hasSize(5);
        assertThat(ev.get(0)).isInstanceOf(RegistryEvent.AdminAdded.class);
        assertThat(ev.get(3)).isEqualTo(new RegistryEvent.ThresholdChanged(ev.get(3).blockNumber(),
                ev.get(3).transactionHash(), ev.get(3).logIndex(), 0, 2, 0));
        assertThat(((RegistryEvent.PublisherAdded) ev.get(4)).publisher()).isEqualTo(A.get(3));
    }

    @Test
    void deploymentRefusesThresholdAboveAdminsOrZero() {
        assertThatThrownBy(() -> RegistryWriter.deploy(senders[0], A.subList(0, 3), 4, LIFETIME, List.of()))
                .isInstanceOf(TransactionRevertedException.class)
                .hasMessageContaining("threshold 4 exceeds the number of admins 3");
        assertThatThrownBy(() -> RegistryWriter.deploy(senders[0], A.subList(0, 3), 0, LIFETIME, List.of()))
                .hasMessageContaining("threshold must be at least 1");
    }

    // ---- governance ---------------------------------------------------------------------------------

    @Test
    void oneAdminAloneCannotAddAPublisher() throws Exception {
        RegistryWriter.Proposed p = w[0].proposeAddPublisher(A.get(4));
        assertThat(p.executed()).isFalse();
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        assertThatThrownBy(() -> w[0].approve(p.id())).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(0) + " already approved proposal " + p.id()));
        assertThatThrownBy(() -> publish(4, "foo", "1.0")).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(4) + " is not a publisher"));
        Proposal open = client.openProposals(view()).get(0);
        assertThat(open.approvers()).containsExactly(A.get(0));
        assertThat(open.status()).isEqualTo(ProposalStatus.OPEN);

        TxReceipt second = w[1].approve(p.id());
        assertThat(w[1].executed(second)).isTrue();
        assertThat(client.isPublisher(view(), A.get(4))).isTrue();
        assertThat(client.proposal(view(), p.id()).status()).isEqualTo(ProposalStatus.EXECUTED);
        assertThat(client.openProposals(view())).isEmpty();
        publish(4, "foo", "1.0");
    }

    @Test
    void nonAdminCannotProposeApproveOrRevoke() throws Exception {
        assertThatThrownBy(() -> w[3].proposeAddPublisher(A.get(4))).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(3) + " is not an admin"));
        long id = w[0].proposeAddPublisher(A.get(4)).id();
        assertThatThrownBy(() -> w[4].approve(id)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(4) + " is not an admin"));
        assertThatThrownBy(() -> w[4].revoke(id)).hasMessageContaining("is not an admin");
    }

    @Test
    void approvalWithdrawnBeforeExecutionDoesNotCount() throws Exception {
        long id = w[0].proposeAddPublisher(A.get(4)).id();
        w[0].revoke(id);
        assertThat(client.proposal(view(), id).approvers()).isEmpty();
        TxReceipt r = w[1].approve(id);
        assertThat(w[1].executed(r)).isFalse();
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        assertThatThrownBy(() -> w[0].revoke(id)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(0) + " has not approved proposal " + id));
        assertThat(w[2].executed(w[2].approve(id))).isTrue();
        assertThat(client.isPublisher(view(), A.get(4))).isTrue();
        assertThatThrownBy(() -> w[0].approve(id)).hasMessageContaining("proposal " + id + " was already executed");
    }

    @Test
    void expiredProposalCanNoLongerBeApproved() throws Exception {
        long id = w[0].proposeAddPublisher(A.get(4)).id();
        anvil.call("evm_increaseTime", LIFETIME.toSeconds() + 1);
        anvil.call("evm_mine");
        assertThatThrownBy(() -> w[1].approve(id)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("proposal " + id + " expired"));
        assertThat(client.proposal(view(), id).status()).isEqualTo(ProposalStatus.EXPIRED);
        assertThat(client.openProposals(view())).isEmpty();
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
    }

    @Test
    void thresholdCanNeverExceedAdminsNorBeZero() throws Exception {
        assertThatThrownBy(() -> w[0].proposeThreshold(4)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("threshold 4 exceeds the number of admins 3"));
        assertThatThrownBy(() -> w[0].proposeThreshold(0)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("threshold must be at least 1"));
        // 3 admins, M = 2: removing one leaves 2 (fine), removing a second would leave 1 < M.
        long id = w[0].proposeRemoveAdmin(A.get(2)).id();
        w[1].approve(id);
        assertThat(client.admins(view())).containsExactlyInAnyOrder(A.get(0), A.get(1));
        assertThatThrownBy(() -> w[0].proposeRemoveAdmin(A.get(1))).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("removing " + A.get(1) + " would leave fewer admins than the threshold 2"));
        assertThatThrownBy(() -> w[0].proposeThreshold(3)).hasMessageContaining("exceeds the number of admins 2");
        // The removed admin is no admin any more.
        assertThatThrownBy(() -> w[2].proposeThreshold(1)).hasMessageContaining(A.get(2) + " is not an admin");
    }

    @Test
    void thresholdOneLetsOneAdminActAloneAndAddedAdminsCount() throws Exception {
        long id = w[0].proposeThreshold(1).id();
        w[1].approve(id);
        assertThat(client.threshold(view())).isEqualTo(1);
        RegistryWriter.Proposed p = w[0].proposeAddAdmin(A.get(5));
        assertThat(p.executed()).isTrue();
        assertThat(client.admins(view())).contains(A.get(5));
        assertThat(w[5].proposeThreshold(3).executed()).isTrue();
        assertThat(client.threshold(view())).isEqualTo(3);
        RegistryWriter.Proposed q = w[5].proposeAddPublisher(A.get(4));
        w[0].approve(q.id());
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        w[1].approve(q.id());
        assertThat(client.isPublisher(view(), A.get(4))).isTrue();
    }

    @Test
    void executeRunsAProposalOnceLoweredThresholdIsMet() throws Exception {
        long pending = w[0].proposeAddPublisher(A.get(4)).id();
        assertThatThrownBy(() -> w[1].execute(pending)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("proposal " + pending + " has 1 of 2 approvals"));
        long lower = w[1].proposeThreshold(1).id();
        w[2].approve(lower);
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        w[2].execute(pending);
        assertThat(client.isPublisher(view(), A.get(4))).isTrue();
    }

    @Test
    void approvalsOfARemovedAdminNoLongerCount() throws Exception {
        long p = w[0].proposeAddPublisher(A.get(4)).id();
        long removal = w[1].proposeRemoveAdmin(A.get(0)).id();
        w[2].approve(removal);
        assertThat(client.proposal(view(), p).approvers()).isEmpty();
        assertThat(w[1].executed(w[1].approve(p))).isFalse();
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        assertThat(w[2].executed(w[2].approve(p))).isTrue();
    }

    @Test
    void aReAddedAdminsOldApprovalsNeverCountAgain() throws Exception {
        // admin 0 approves p, is removed, and is added back: the old approval must not revive
        long p = w[0].proposeAddPublisher(A.get(4)).id();
        long removal = w[1].proposeRemoveAdmin(A.get(0)).id();
        w[2].approve(removal);
        long readd = w[1].proposeAddAdmin(A.get(0)).id();
        w[2].approve(readd);
        assertThat(client.admins(view())).contains(A.get(0));
        assertThat(client.proposal(view(), p).approvers()).isEmpty();
        // one fresh approval alone (threshold 2) does not execute it; the old one is not counted with it
        assertThat(w[1].executed(w[1].approve(p))).isFalse();
        assertThat(client.isPublisher(view(), A.get(4))).isFalse();
        assertThat(client.proposal(view(), p).approvers()).containsExactly(A.get(1));
        assertThatThrownBy(() -> w[1].execute(p)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("proposal " + p + " has 1 of 2 approvals"));
        // the re-added admin may approve afresh, and that approval counts
        assertThat(w[0].executed(w[0].approve(p))).isTrue();
        assertThat(client.isPublisher(view(), A.get(4))).isTrue();
    }

    @Test
    void aReAddedAdminCannotWithdrawAnOldTermsApproval() throws Exception {
        long p = w[0].proposeAddPublisher(A.get(4)).id();
        long removal = w[1].proposeRemoveAdmin(A.get(0)).id();
        w[2].approve(removal);
        long readd = w[1].proposeAddAdmin(A.get(0)).id();
        w[2].approve(readd);
        assertThatThrownBy(() -> w[0].revoke(p)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(0) + " has not approved proposal " + p));
    }

    // ---- publishers and maintainers -------------------------------------------------------------------

    @Test
    void nonPublisherCannotPublish() {
        assertThatThrownBy(() -> publish(4, "foo", "1.0")).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(4) + " is not a publisher"));
        // An admin is not a publisher either.
        assertThatThrownBy(() -> publish(0, "foo", "1.0")).hasMessageContaining(A.get(0) + " is not a publisher");
    }

    @Test
    void firstPublishMakesMaintainerAndOnlyMaintainersPublishNewReleases() throws Exception {
        publish(3, "foo", "1.0");
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(3));
        addPublisher(4);
        assertThatThrownBy(() -> publish(4, "foo", "1.1")).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(4) + " is not a maintainer of foo"));
        assertThatThrownBy(() -> w[4].addMaintainer("foo", A.get(4)))
                .hasMessageContaining(A.get(4) + " is not a maintainer of foo");
        w[3].addMaintainer("foo", A.get(4));
        publish(4, "foo", "1.1");
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(3), A.get(4));
        w[4].removeMaintainer("foo", A.get(3));
        assertThatThrownBy(() -> publish(3, "foo", "1.2")).hasMessageContaining(A.get(3) + " is not a maintainer of foo");
        assertThatThrownBy(() -> w[4].removeMaintainer("foo", A.get(4))).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("cannot remove the last maintainer of foo"));
    }

    @Test
    void removedPublisherIsStoppedAtOnce() throws Exception {
        publish(3, "foo", "1.0");
        long id = w[0].proposeRemovePublisher(A.get(3)).id();
        w[2].approve(id);
        assertThatThrownBy(() -> publish(3, "foo", "1.1")).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(3) + " is not a publisher"));
        assertThatThrownBy(() -> w[3].addMaintainer("foo", A.get(4))).hasMessageContaining("is not a publisher");
        assertThatThrownBy(() -> w[3].yank("foo", "1.0")).hasMessageContaining("is not a publisher");
        // What it published stays (a removal is not a yank).
        assertThat(client.release(view(), "foo", "1.0")).get().extracting(ReleaseRecord::yanked).isEqualTo(false);
    }

    @Test
    void aReAddedPublisherDoesNotGetItsMaintainershipsBack() throws Exception {
        publish(3, "foo", "1.0");
        addPublisher(4);
        w[3].addMaintainer("foo", A.get(4));
        long removal = w[0].proposeRemovePublisher(A.get(3)).id();
        w[1].approve(removal);
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(4));
        addPublisher(3);
        assertThat(client.isPublisher(view(), A.get(3))).isTrue();
        // publishing again under a name it maintained needs a fresh grant
        assertThatThrownBy(() -> publish(3, "foo", "1.1")).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo(A.get(3) + " is not a maintainer of foo"));
        assertThatThrownBy(() -> w[3].yank("foo", "1.0")).hasMessageContaining(A.get(3) + " is not a maintainer of foo");
        assertThatThrownBy(() -> w[3].removeMaintainer("foo", A.get(4)))
                .hasMessageContaining(A.get(3) + " is not a maintainer of foo");
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(4));
        // its lapsed entry does not count as a maintainer: the remaining one is the last
        assertThatThrownBy(() -> w[4].removeMaintainer("foo", A.get(4))).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("cannot remove the last maintainer of foo"));
        // a current maintainer grants it afresh (no duplicate entry)
        w[4].addMaintainer("foo", A.get(3));
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(3), A.get(4));
        publish(3, "foo", "1.1");
    }

    @Test
    void aReAddedSoleMaintainerNeedsAQuorumHandOver() throws Exception {
        publish(3, "foo", "1.0");
        long removal = w[0].proposeRemovePublisher(A.get(3)).id();
        w[1].approve(removal);
        addPublisher(3);
        assertThat(client.maintainers(view(), "foo")).isEmpty();
        assertThatThrownBy(() -> publish(3, "foo", "1.1")).hasMessageContaining(A.get(3) + " is not a maintainer of foo");
        // a new name is still its own to publish
        publish(3, "bar", "1.0");
        long handOver = w[0].proposeHandOver("foo", List.of(A.get(3))).id();
        w[1].approve(handOver);
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(3));
        publish(3, "foo", "1.1");
    }

    @Test
    void handOverGivesThePackageToOtherMaintainers() throws Exception {
        publish(3, "foo", "1.0");
        addPublisher(4);
        assertThatThrownBy(() -> w[0].proposeHandOver("nope", List.of(A.get(4))))
                .hasMessageContaining("package nope does not exist");
        long id = w[0].proposeHandOver("foo", List.of(A.get(4))).id();
        w[1].approve(id);
        assertThat(client.maintainers(view(), "foo")).containsExactly(A.get(4));
        assertThatThrownBy(() -> publish(3, "foo", "1.1")).hasMessageContaining(A.get(3) + " is not a maintainer of foo");
        publish(4, "foo", "1.1");
        assertThat(events.eventsOf(view(), "foo", 0)).anySatisfy(e -> assertThat(e)
                .isInstanceOf(RegistryEvent.PackageHandedOver.class));
    }

    // ---- releases -----------------------------------------------------------------------------------

    @Test
    void aVersionCanNeverBeRepointed() throws Exception {
        publish(3, "foo", "1.0");
        byte[] other = "Package: foo\nVersion: 1.0\nEvil: yes\n".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> w[3].publish("foo", "1.0", ManifestCid.of(other), other))
                .satisfies(t -> assertThat(reasonOf(t)).isEqualTo("foo@1.0 already published"));
        assertThatThrownBy(() -> publish(3, "foo", "1.0")).hasMessageContaining("foo@1.0 already published");
        assertThat(client.release(view(), "foo", "1.0").orElseThrow().manifestCid())
                .isEqualTo(ManifestCid.of(manifest("foo", "1.0")));
    }

    @Test
    void badNamesAndVersionsAreRefused() throws Exception {
        for (String bad : List.of("Foo", "a", "-foo", "+foo", ".foo", "foo_bar", "foo bar", "föo", "x".repeat(65), "")) {
            assertThatThrownBy(() -> publish(3, bad, "1.0")).as(bad).satisfies(t -> assertThat(reasonOf(t))
                    .startsWith("invalid package name \"" + bad + "\""));
        }
        for (String good : List.of("0ad", "g++", "libc6.1-dev", "x".repeat(64), "a0")) {
            publish(3, good, "1.0");
        }
        for (String bad : List.of("", "a1", "1.0 beta", "1.0_2", "1".repeat(65))) {
            assertThatThrownBy(() -> publish(3, "foo", bad)).as(bad).satisfies(t -> assertThat(reasonOf(t))
                    .isEqualTo("invalid version \"" + bad + "\" of foo"));
        }
        publish(3, "foo", "1:2.30~rc1+dfsg-4");
        assertThat(client.names(view(), 0, 100).items()).containsExactly("0ad", "g++", "libc6.1-dev", "x".repeat(64),
                "a0", "foo");
    }

    @Test
    void manifestMustMatchItsCid() throws Exception {
        byte[] m = manifest("foo", "1.0");
        byte[] otherCid = ManifestCid.of("something else".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> w[3].publish("foo", "1.0", otherCid, m)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("manifest of foo@1.0 does not match its CID"));
        byte[] dagPb = ManifestCid.of(m);
        dagPb[1] = 0x70;
        assertThatThrownBy(() -> w[3].publish("foo", "1.0", dagPb, m)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("manifest CID of foo@1.0 is not a CIDv1 raw sha2-256"));
    }

    @Test
    void yankMarksAndKeepsTheRelease() throws Exception {
        publish(3, "foo", "1.0");
        publish(3, "foo", "1.1");
        assertThat(client.latestRelease(view(), "foo").orElseThrow().version()).isEqualTo("1.1");
        assertThatThrownBy(() -> w[1].yank("foo", "1.1")).hasMessageContaining("is not a publisher");
        w[3].yank("foo", "1.1");
        assertThat(client.latestRelease(view(), "foo").orElseThrow().version()).isEqualTo("1.0");
        Page<ReleaseRecord> all = client.releases(view(), "foo", 0, 10);
        assertThat(all.items()).extracting(ReleaseRecord::version).containsExactly("1.0", "1.1");
        assertThat(all.items()).extracting(ReleaseRecord::yanked).containsExactly(false, true);
        assertThatThrownBy(() -> w[3].yank("foo", "1.1")).hasMessageContaining("foo@1.1 is already yanked");
        assertThatThrownBy(() -> w[3].yank("foo", "9")).hasMessageContaining("foo@9 is not published");
        assertThat(events.eventsOf(view(), "foo", 0)).filteredOn(ReleaseYanked.class::isInstance).hasSize(1);
    }

    @Test
    void quorumYanksEveryReleaseOfACompromisedPublisher() throws Exception {
        publish(3, "foo", "1.0");
        publish(3, "bar", "2.0");
        addPublisher(4);
        w[3].addMaintainer("foo", A.get(4));
        publish(4, "foo", "1.1");
        long id = w[1].proposeYankPublisher(A.get(3)).id();
        w[2].approve(id);
        ChainView v = view();
        assertThat(client.release(v, "foo", "1.0").orElseThrow().yanked()).isTrue();
        assertThat(client.release(v, "bar", "2.0").orElseThrow().yanked()).isTrue();
        assertThat(client.release(v, "foo", "1.1").orElseThrow().yanked()).isFalse();
        assertThat(client.latestRelease(v, "bar")).isEmpty();
        assertThat(client.isPublisher(v, A.get(3))).isFalse();
        assertThatThrownBy(() -> publish(3, "baz", "1")).hasMessageContaining("is not a publisher");
    }

    @Test
    void batchPublishesAllOrNothing() throws Exception {
        List<NewRelease> batch = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            String name = "pkg" + (i % 40);
            String version = "1." + (i / 40);
            batch.add(NewRelease.of(name, version, manifest(name, version)));
        }
        List<TxReceipt> receipts = w[3].publishBatch(batch);
        assertThat(receipts).hasSize(1);
        ChainView v = view();
        assertThat(client.names(v, 0, 1000).total()).isEqualTo(40);
        assertThat(client.names(v, 35, 10).items()).containsExactly("pkg35", "pkg36", "pkg37", "pkg38", "pkg39");
        Page<ReleaseRecord> p = client.releases(v, "pkg0", 1, 1);
        assertThat(p.total()).isEqualTo(3);
        assertThat(p.items()).extracting(ReleaseRecord::version).containsExactly("1.1");
        List<ReleasePublished> published = events.events(v, 0).stream()
                .filter(ReleasePublished.class::isInstance).map(ReleasePublished.class::cast).toList();
        assertThat(published).hasSize(100);
        assertThat(published.get(57).manifest()).isEqualTo(batch.get(57).manifest());

        // One bad item refuses the whole batch, naming it.
        List<NewRelease> bad = List.of(NewRelease.of("new1", "1", manifest("new1", "1")),
                NewRelease.of("pkg1", "1.0", manifest("pkg1", "other")));
        assertThatThrownBy(() -> w[3].publishBatch(bad)).satisfies(t -> assertThat(reasonOf(t))
                .isEqualTo("pkg1@1.0 already published"));
        assertThat(client.maintainers(view(), "new1")).isEmpty();
    }

    @Test
    void aTransactionRevertedOnChainIsReportedInWords() throws Exception {
        byte[] m = manifest("foo", "1.0");
        var req = dev.dpm.chain.tx.TxRequest.call(registry,
                RegistryAbi.encode(RegistryAbi.publish("foo", "1.0", ManifestCid.of(m), m)), "publish foo@1.0")
                .withGasLimit(BigInteger.valueOf(500_000));
        assertThatThrownBy(() -> senders[4].send(req)).isInstanceOfSatisfying(TransactionRevertedException.class,
                e -> {
                    assertThat(e.transactionHash()).startsWith("0x");
                    assertThat(e.reason()).isEqualTo(A.get(4) + " is not a publisher");
                    assertThat(e.getMessage()).contains("publish foo@1.0 reverted (tx " + e.transactionHash());
                });
    }

    @Test
    void eventsAloneRebuildReleasesAndMaintainers() throws Exception {
        publish(3, "foo", "1.0");
        addPublisher(4);
        w[3].addMaintainer("foo", A.get(4));
        publish(4, "foo", "1.1");
        publish(3, "bar", "0.1");
        w[3].yank("foo", "1.0");
        w[4].removeMaintainer("foo", A.get(3));
        w[3].addMaintainer("bar", A.get(4));
        // a removed publisher's maintainerships end with PublisherRemoved (re-adding does not restore them)
        long removal = w[0].proposeRemovePublisher(A.get(3)).id();
        w[1].approve(removal);
        addPublisher(3);

        ChainView v = view();
        Map<String, Set<String>> maint = new HashMap<>();
        Map<String, byte[]> cids = new HashMap<>();
        Set<String> yanked = new HashSet<>();
        for (RegistryEvent e : events.events(v, 0)) {
            switch (e) {
                case MaintainerAdded a -> maint.computeIfAbsent(a.name(), k -> new HashSet<>()).add(a.maintainer());
                case RegistryEvent.MaintainerRemoved r -> maint.get(r.name()).remove(r.maintainer());
                case RegistryEvent.PublisherRemoved r -> maint.values().forEach(m -> m.remove(r.publisher()));
                case ReleasePublished p -> cids.put(p.name() + "@" + p.version(), p.manifestCid());
                case ReleaseYanked y -> yanked.add(y.name() + "@" + y.version());
                default -> { }
            }
        }
        assertThat(maint.get("foo")).containsExactlyInAnyOrderElementsOf(client.maintainers(v, "foo"));
        assertThat(maint.get("bar")).containsExactlyInAnyOrderElementsOf(client.maintainers(v, "bar"));
        assertThat(maint.get("bar")).containsExactly(A.get(4));
        for (String name : List.of("foo", "bar")) {
            for (ReleaseRecord r : client.releases(v, name, 0, 10).items()) {
                assertThat(cids.get(name + "@" + r.version())).isEqualTo(r.manifestCid());
                assertThat(yanked.contains(name + "@" + r.version())).isEqualTo(r.yanked());
            }
        }
        assertThat(cids).hasSize(3);
    }

    void addPublisher(int who) throws Exception {
        long id = w[0].proposeAddPublisher(A.get(who)).id();
        w[1].approve(id);
    }
}
