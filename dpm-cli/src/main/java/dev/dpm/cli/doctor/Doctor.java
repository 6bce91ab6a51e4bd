package dev.dpm.cli.doctor;

import dev.dpm.chain.rpc.TrustPosture;
import dev.dpm.chain.rpc.VerifiedChainReader;
import dev.dpm.cli.config.DpmConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Examines a dpm configuration for how exposed it is to the attacks of docs/SECURITY.md. Pure: reads
 * the configuration, the file permissions of the configuration and keystore, and the chain reader's
 * {@link TrustPosture}; never contacts an endpoint or a peer.
 *
 * <p>Rules (severity in brackets):
 * <ul>
 *   <li>no RPC endpoint [DANGER]; one endpoint whose events are not proven (proveLogs off) [DANGER: it
 *       can forge a release or hide a yank undetected]; one endpoint with proven events [WARN]; two or
 *       more endpoints on the same host [WARN: one operator];</li>
 *   <li>no freshness window [DANGER: freeze]; a window above one day [WARN];</li>
 *   <li>no checkpoint [WARN: fast-forward and forged headers are caught only by the cross-check];
 *       a checkpoint without validator seals [WARN];</li>
 *   <li>an RPC endpoint over plain http on a non-local address [WARN: anyone on the path can lie in its
 *       name; the cross-check and proofs still apply];</li>
 *   <li>no storage peer [WARN: nothing can be fetched]; a single peer [WARN: it alone can stall
 *       installs]; a plain-http peer on a non-local address [WARN: blocks are verified by CID, but
 *       anyone on the path sees what you install and can stall it];</li>
 *   <li>a key file readable or writable by group or others, or a keystore directory writable by them
 *       [DANGER: the encrypted key can be copied and brute-forced offline, or replaced]; a keystore
 *       directory others can list [WARN: they see which accounts you hold]; configuration writable by
 *       group or others [DANGER: another user can point dpm at another registry];</li>
 *   <li>seeding off [WARN: the network keeps fewer copies of what you install].</li>
 * </ul>
 * Host names other than {@code localhost} count as non-local (no DNS lookup is made).
 */
public final class Doctor {
    /** Above this a freshness window lets a frozen endpoint hide a yank for too long. */
    static final Duration WIDE_FRESHNESS = Duration.ofDays(1);

    private Doctor() {
    }

    /** Every finding about {@code config} (stored under {@code home}, keys in {@code keystoreDir}), worst first. */
    public static List<Finding> examine(DpmConfig config, Path home, Path keystoreDir) {
        List<Finding> f = new ArrayList<>();
        chain(config, f);
        peers(config, f);
        files(home, keystoreDir, f);
        if (config.seedOrDefault()) {
            f.add(Finding.ok("seed", "seeding is on: what you install is served to other peers"));
        } else {
            f.add(Finding.warn("seed", "seeding is off: the packages you install are not served to others, so the "
                    + "network keeps fewer copies and a few malicious peers weigh more", "set \"seed\" to true"));
        }
        f.sort((a, b) -> a.severity().compareTo(b.severity()));
        return f;
    }

    /** Whether any finding is {@link Finding.Severity#DANGER}. */
    public static boolean dangerous(List<Finding> findings) {
        return findings.stream().anyMatch(x -> x.severity() == Finding.Severity.DANGER);
    }

    private static void chain(DpmConfig c, List<Finding> f) {
        List<String> rpc = c.rpc() == null ? List.of() : c.rpc();
        if (rpc.isEmpty()) {
            f.add(Finding.danger("rpc", "no RPC endpoint: dpm cannot read the registry",
                    "list at least two independent endpoints in \"rpc\""));
            return;
        }
        TrustPosture p;
        try (VerifiedChainReader reader = c.chainReader().build()) {
            p = reader.posture();
        } catch (RuntimeException e) {
            f.add(Finding.danger("rpc", "the chain settings are unusable: " + e.getMessage(),
                    "fix \"rpc\", \"chainId\" and \"checkpoint\" in config.json"));
            return;
        }
        if (!p.crossChecked()) {
            if (!p.logsProven()) {
                f.add(Finding.danger("rpc", "one RPC endpoint (" + rpc.get(0) + ") and unproven events: it can forge a "
                        + "release (manifest and CID), hide a yank or a new release, and nothing can tell",
                        "add a second, independent endpoint to \"rpc\", or set \"proveLogs\" to true"));
            } else {
                f.add(Finding.warn("rpc", "one RPC endpoint (" + rpc.get(0) + "): events are proven against receipts "
                        + "roots, but its headers are not cross-checked",
                        "add a second, independent endpoint to \"rpc\""));
            }
        } else {
            f.add(Finding.ok("rpc", p.endpointCount() + " RPC endpoints, every read cross-checked"
                    + (p.logsProven() ? ", events proven" : "")));
            Set<String> hosts = new HashSet<>();
            for (String u : rpc) {
                String h = host(u);
                if (h != null && !hosts.add(h)) {
                    f.add(Finding.warn("rpc", "several endpoints on " + h + ": one operator can make them agree on a lie",
                            "use endpoints run by different operators"));
                    break;
                }
            }
        }
        for (String u : rpc) {
            if (plainHttpRemote(u)) {
                f.add(Finding.warn("rpc", "endpoint " + u + " is plain http on a non-local address: anyone on the "
                        + "path can answer in its name", "use https"));
            }
        }
        if (p.freshness().isZero()) {
            f.add(Finding.danger("freshness", "no freshness window: a frozen endpoint can hide new releases and yanks "
                    + "for ever", "set \"freshnessSeconds\" (e.g. 300)"));
        } else if (p.freshness().compareTo(WIDE_FRESHNESS) > 0) {
            f.add(Finding.warn("freshness", "freshness window of " + p.freshness().toSeconds() + " s: a frozen endpoint "
                    + "can hide a yank that long", "set \"freshnessSeconds\" to minutes, not days"));
        } else {
            f.add(Finding.ok("freshness", "a chain head older than " + p.freshness().toSeconds() + " s is refused"));
        }
        if (p.checkpoint() == null) {
            f.add(Finding.warn("checkpoint", "no trusted checkpoint: block headers are not linked to a block you "
                    + "trust (fast-forward and forged headers are caught only by the cross-check)",
                    "set \"checkpoint\" to NUMBER:0xHASH of a block you trust"));
        } else if (!p.sealsChecked()) {
            f.add(Finding.warn("checkpoint", "checkpoint " + p.checkpoint().number() + " without validator seals: "
                    + "headers descending from it could still be forged by a lone endpoint",
                    "cross-check endpoints, or set \"cliqueValidators\" on a proof-of-authority chain"));
        } else {
            f.add(Finding.ok("checkpoint", "headers are linked to block " + p.checkpoint().number()
                    + " and sealed by the configured validators"));
        }
    }

    private static void peers(DpmConfig c, List<Finding> f) {
        List<String> peers = c.peers() == null ? List.of() : c.peers();
        if (peers.isEmpty()) {
            f.add(Finding.warn("peers", "no storage peers: packages cannot be fetched", "list peers in \"peers\""));
            return;
        }
        if (peers.size() == 1) {
            f.add(Finding.warn("peers", "one storage peer (" + peers.get(0) + "): blocks are verified, but it alone can "
                    + "stall or refuse every install", "list several peers in \"peers\""));
        } else {
            f.add(Finding.ok("peers", peers.size() + " storage peers; every block is verified against its CID"));
        }
        for (String u : peers) {
            if (plainHttpRemote(u)) {
                f.add(Finding.warn("peers", "peer " + u + " is plain http on a non-local address: anyone on the path sees "
                        + "what you install and can stall it (it cannot change it: blocks are verified)",
                        "use https peers, or peers on your own network"));
            }
        }
    }

    private static void files(Path home, Path keystoreDir, List<Finding> f) {
        Path config = DpmConfig.file(home);
        Set<PosixFilePermission> cp = permissions(config);
        if (cp != null && (cp.contains(PosixFilePermission.GROUP_WRITE) || cp.contains(PosixFilePermission.OTHERS_WRITE))) {
            f.add(Finding.danger("config", config + " is writable by others (" + PosixFilePermissions.toString(cp)
                    + "): another user can point dpm at another registry", "chmod 600 " + config));
        }
        if (!Files.isDirectory(keystoreDir)) {
            return;
        }
        List<String> open = new ArrayList<>();
        Set<PosixFilePermission> dp = permissions(keystoreDir);
        boolean listable = false;
        if (dp != null && (dp.contains(PosixFilePermission.GROUP_WRITE) || dp.contains(PosixFilePermission.OTHERS_WRITE))) {
            open.add(keystoreDir + " (" + PosixFilePermissions.toString(dp) + ")");
        } else if (dp != null && (dp.contains(PosixFilePermission.GROUP_READ) || dp.contains(PosixFilePermission.OTHERS_READ))) {
            listable = true;
        }
        try (Stream<Path> s = Files.list(keystoreDir)) {
            for (Path k : (Iterable<Path>) s.filter(Files::isRegularFile)::iterator) {
                Set<PosixFilePermission> kp = permissions(k);
                if (kp != null && kp.stream().anyMatch(x -> x.name().startsWith("GROUP") || x.name().startsWith("OTHERS"))) {
                    open.add(k.getFileName() + " (" + PosixFilePermissions.toString(kp) + ")");
                }
            }
        } catch (IOException e) {
            f.add(Finding.warn("keystore", "cannot list " + keystoreDir + ": " + e.getMessage(), "check its permissions"));
            return;
        }
        if (open.isEmpty() && listable) {
            f.add(Finding.warn("keystore", "other users can list " + keystoreDir + " (" + PosixFilePermissions.toString(dp)
                    + "), i.e. see which accounts you hold; the key files themselves are private",
                    "chmod 700 " + keystoreDir));
        } else if (open.isEmpty()) {
            f.add(Finding.ok("keystore", keystoreDir + " and its keys are private to you"));
        } else {
            f.add(Finding.danger("keystore", "keystore open to other users: " + String.join(", ", open)
                    + "; an encrypted key can be copied and its password brute-forced offline",
                    "chmod 700 " + keystoreDir + " && chmod 600 " + keystoreDir + "/*"));
        }
    }

    private static Set<PosixFilePermission> permissions(Path p) {
        try {
            return Files.exists(p) ? Files.getPosixFilePermissions(p) : null;
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String host(String url) {
        try {
            String h = URI.create(url.trim()).getHost();
            return h == null ? null : h.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Plain http to an address that is not loopback, private or link-local (names other than localhost count as remote). */
    static boolean plainHttpRemote(String url) {
        String scheme;
        try {
            scheme = URI.create(url.trim()).getScheme();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (scheme == null || !scheme.equalsIgnoreCase("http")) {
            return false;
        }
        String h = host(url);
        if (h == null || h.equals("localhost")) {
            return false;
        }
        String literal = h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
        if (!literal.matches("[0-9.]+") && !literal.contains(":")) {
            return true; // a name: not resolved here, assumed remote
        }
        try {
            InetAddress a = InetAddress.getByName(literal); // an IP literal: no lookup
            return !(a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                    || isUniqueLocal(a));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private static boolean isUniqueLocal(InetAddress a) {
        byte[] b = a.getAddress();
        return b.length == 16 && (b[0] & 0xfe) == 0xfc;
    }
}
