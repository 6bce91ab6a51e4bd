package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.chain.devnet.DevnetAccounts;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.attack.AttackNet.Result;
import dev.dpm.cli.config.DpmConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * People who should not be able to change what users install: a non-publisher, a publisher who is not
 * a package's maintainer, a lone admin, and a publisher whose key was stolen. Each acts through the
 * {@code dpm} command line with its own key (imported into its own dpm home); the contract reverts what
 * they may not do, and for the stolen key the admins' quorum removes the publisher and yanks its
 * releases, after which clients refuse them. The devnet has admins 0, 1, 2 (threshold 2) and publisher 3.
 */
class GovernanceAttacksIT {
    static final List<String> A = DevnetAccounts.ADDRESSES;

    @TempDir
    static Path tmp;
    static AttackNet net;

    @BeforeAll
    static void world() throws Exception {
        net = AttackNet.start(tmp);
    }

    @AfterAll
    static void down() {
        if (net != null) {
            net.close();
        }
    }

    /** A dpm home for devnet account {@code index}, its key imported (the attacker has the key). */
    private static Path actor(int index) throws Exception {
        return actor(A.get(index), DevnetAccounts.PRIVATE_KEYS.get(index));
    }

    /** A fresh account with some devnet ether (anvil_setBalance): address and private key. */
    private static String[] freshAccount() throws Exception {
        org.web3j.crypto.ECKeyPair k = org.web3j.crypto.Keys.createEcKeyPair();
        String key = org.web3j.utils.Numeric.toHexStringNoPrefixZeroPadded(k.getPrivateKey(), 64);
        String address = "0x" + org.web3j.crypto.Keys.getAddress(k.getPublicKey());
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"anvil_setBalance\",\"params\":[\"" + address
                + "\",\"0x56bc75e2d63100000\"]}";
        try (java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(net.rpc()))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                    .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).doesNotContain("error");
        }
        return new String[] {address, key};
    }

    private static final java.util.Map<String, Path> ACTORS = new java.util.concurrent.ConcurrentHashMap<>();

    private static synchronized Path actor(String address, String privateKey) throws Exception {
        Path known = ACTORS.get(address);
        if (known != null) {
            return known;
        }
        DpmConfig c = net.publisherConfig;
        boolean devnetKey = DevnetAccounts.ADDRESSES.subList(0, 4).contains(address);
        // the devnet's own keystore holds accounts 0-3; others get a light-scrypt key file of their own
        // (the command line's `dpm key import` uses standard scrypt, seconds per signature on a busy machine)
        Path home = net.client("actor-" + address + "-" + System.nanoTime(), new DpmConfig(c.chainId(), c.registry(), c.rpc(),
                c.freshnessSeconds(), List.of(net.honestPeer()), devnetKey ? c.keystore() : null, address, null, null,
                true));
        if (!devnetKey) {
            new dev.dpm.chain.keys.Keystore(home.resolve("keystore")).importKey(privateKey, DevnetAccounts.PASSWORD,
                    dev.dpm.chain.keys.Keystore.Strength.LIGHT);
        }
        ACTORS.put(address, home);
        return home;
    }

    private static Result as(Path home, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--password-file";
        all[args.length + 1] = net.password.toString();
        return AttackNet.dpm(home, all);
    }

    /** A package source directory: dpm.control and one file. */
    private static Path source(String name, String version, String file, String content) throws Exception {
        Path dir = tmp.resolve("src").resolve(name + "-" + version);
        Files.createDirectories(dir.resolve("files").resolve(file).getParent());
        Files.writeString(dir.resolve("dpm.control"), "Package: " + name + "\nVersion: " + version
                + "\nArchitecture: all\nMaintainer: someone <someone@dpm.invalid>\nDescription: " + name
                + "\n a package of the attack suite\n");
        Files.writeString(dir.resolve("files").resolve(file), content);
        return dir;
    }

    private static Path user(String name) throws Exception {
        Path home = net.client(name, List.of(net.rpc()), List.of(net.honestPeer()), 60);
        Result u = AttackNet.dpm(home, "update");
        assertThat(u.code()).as(u.toString()).isZero();
        return home;
    }

    /** Design table "unauthorised publish" by an account that is not a publisher. */
    @Test
    void anOutsiderCannotPublish() throws Exception {
        Path outsider = actor(5);
        Result r = as(outsider, "publish", source("outsider-tool", "1.0", "usr/bin/outsider-tool", "#!/bin/sh\n").toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
        assertThat(r.err()).contains(A.get(5)).contains("not a publisher");
        Path user = user("outsider-user");
        assertThat(AttackNet.dpm(user, "info", "outsider-tool").code()).isEqualTo(10);
    }

    /** Cappos et al.: a publisher who does not maintain a package tries to publish a release of it. */
    @Test
    void aPublisherWhoIsNotTheMaintainerCannotPublishOverAPackage() throws Exception {
        Path admin0 = actor(0);
        Path admin1 = actor(1);
        String[] acct = freshAccount();
        assertThat(as(admin0, "admin", "propose", "add-publisher", acct[0]).code()).isZero();
        Result approved = as(admin1, "admin", "approve", lastProposal(admin0));
        assertThat(approved.code()).as(approved.toString()).isZero();
        Path other = actor(acct[0], acct[1]);
        Result r = as(other, "publish", source(AttackNet.HELLO, "9.0", "usr/bin/hello-dpm", "#!/bin/sh\necho owned\n")
                .toString());
        assertThat(r.code()).as(r.toString()).isEqualTo(ExitCodes.CHAIN);
        assertThat(r.err()).contains(acct[0]).contains("not a maintainer of " + AttackNet.HELLO);
        Path user = user("non-maintainer-user");
        assertThat(AttackNet.dpm(user, "info", AttackNet.HELLO).out()).contains("1.2.0-1").doesNotContain("9.0");
    }

    /** Design table "unauthorised publish": one admin alone cannot change governance (threshold 2). */
    @Test
    void aLoneAdminCannotChangeGovernance() throws Exception {
        Path admin2 = actor(2);
        Result p = as(admin2, "admin", "propose", "remove-publisher", A.get(3));
        assertThat(p.code()).as(p.toString()).isZero();
        assertThat(p.out()).contains("created with 1 approval").doesNotContain("executed");
        String id = lastProposal(admin2);
        Result exec = as(admin2, "admin", "execute", id);
        assertThat(exec.code()).as(exec.toString()).isEqualTo(ExitCodes.CHAIN);
        Result again = as(admin2, "admin", "approve", id);
        assertThat(again.code()).isEqualTo(ExitCodes.CHAIN);
        assertThat(again.err()).contains("already approved");
        // the publisher is still one: it can still publish
        Path publisher = actor(3);
        Result pub = as(publisher, "publish", source("still-publishing", "1.0", "usr/share/still", "yes\n").toString());
        assertThat(pub.code()).as(pub.toString()).isZero();
        assertThat(as(admin2, "admin", "revoke", id).code()).isZero();
    }

    /**
     * Design table "key compromise": a new publisher's key is stolen and a trojan release published; the
     * quorum's yank-publisher proposal yanks every release of that publisher and removes it. Users refuse the yanked releases
     * (install and upgrade), see them reported, and the thief can publish no more.
     */
    @Test
    void aCompromisedPublisherIsRemovedAndItsReleasesYankedByTheQuorum() throws Exception {
        Path admin0 = actor(0);
        Path admin1 = actor(1);
        String[] acct = freshAccount();
        assertThat(as(admin0, "admin", "propose", "add-publisher", acct[0]).code()).isZero();
        assertThat(as(admin1, "admin", "approve", lastProposal(admin0)).code()).isZero();
        Path publisher = actor(acct[0], acct[1]);
        Result legit = as(publisher, "publish", source("banner-tool", "1.0", "usr/bin/banner-tool", "#!/bin/sh\necho hi\n")
                .toString());
        assertThat(legit.code()).as(legit.toString()).isZero();
        // the user installs the honest 1.0 from the publisher's node
        Path user = net.client("compromise-user", new DpmConfig(net.publisherConfig.chainId(), net.registry(),
                List.of(net.rpc()), 60, List.of(publisherNode(publisher)), null, null, null, null, false));
        assertThat(AttackNet.dpm(user, "update").code()).isZero();
        Result installed = AttackNet.dpm(user, "install", "banner-tool", "-y");
        assertThat(installed.code()).as(installed.toString()).isZero();

        // the thief, with the stolen key
        Path thief = net.client("thief", new DpmConfig(net.publisherConfig.chainId(), net.registry(), net.publisherConfig.rpc(),
                60, List.of(), null, acct[0], null, null, true));
        Path stolen = Files.writeString(thief.resolve("stolen-key"), acct[1] + "\n");
        assertThat(AttackNet.dpm(thief, "key", "import", stolen.toString(), "--password-file", net.password.toString())
                .code()).isZero();
        Result trojan = as(thief, "publish", source("banner-tool", "2.0", "usr/bin/banner-tool", "#!/bin/sh\necho owned\n")
                .toString());
        assertThat(trojan.code()).as(trojan.toString()).isZero();

        // the quorum reacts: yank everything the key published, then remove the publisher
        assertThat(as(admin0, "admin", "propose", "yank-publisher", acct[0]).code()).isZero();
        Result yanked = as(admin1, "admin", "approve", lastProposal(admin0));
        assertThat(yanked.code()).as(yanked.toString()).isZero();
        assertThat(yanked.out()).contains("executed");
        // the same proposal removed the publisher: there is nothing left to remove
        Result remove = as(admin0, "admin", "propose", "remove-publisher", acct[0]);
        assertThat(remove.code()).as(remove.toString()).isEqualTo(ExitCodes.CHAIN);

        RootState before = RootState.of(user);
        Result u = AttackNet.dpm(user, "update");
        assertThat(u.code()).as(u.toString()).isZero();
        Result info = AttackNet.dpm(user, "info", "banner-tool");
        assertThat(info.out()).containsPattern("1\\.0 +\\[yanked in block \\d+\\]").containsPattern("2\\.0 +\\[yanked in block \\d+\\]");
        Result upgrade = AttackNet.dpm(user, "upgrade", "-y");
        assertThat(upgrade.out()).contains("banner-tool 1.0").contains("yanked");
        Result install = AttackNet.dpm(user, "install", "banner-tool=2.0", "-y");
        assertThat(install.code()).as(install.toString()).isNotZero();
        assertThat(RootState.of(user).files()).isEqualTo(before.files());
        assertThat(Files.readString(user.resolve("root/usr/bin/banner-tool"))).doesNotContain("owned");

        Result after = as(thief, "publish", source("banner-tool", "3.0", "usr/bin/banner-tool", "#!/bin/sh\necho owned\n")
                .toString());
        assertThat(after.code()).as(after.toString()).isEqualTo(ExitCodes.CHAIN);
        assertThat(after.err()).contains("not a publisher");
    }

    /** The id of the newest open proposal, from {@code dpm admin list}. */
    private static String lastProposal(Path home) {
        Result l = AttackNet.dpm(home, "admin", "list");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("#(\\d+) ").matcher(l.out());
        String id = null;
        while (m.find()) {
            id = m.group(1);
        }
        assertThat(id).as(l.toString()).isNotNull();
        return id;
    }

    /** A storage node serving {@code home}'s repository (where its dpm publish put the payloads). */
    private static String publisherNode(Path home) throws Exception {
        dev.dpm.storage.StorageNode node = dev.dpm.storage.StorageNode.builder(
                dev.dpm.content.repo.Repo.open(home.resolve("repo")).blockstore()).build().start();
        NODES.add(node);
        return node.url().toString();
    }

    private static final List<dev.dpm.storage.StorageNode> NODES = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterAll
    static void stopNodes() {
        NODES.forEach(dev.dpm.storage.StorageNode::close);
    }
}
