package dev.dpm.cli.attack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.content.Cid;
import dev.dpm.content.repo.Repo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a user can observe of a client after an attack: every file under the install root (content
 * hash and permissions, dpm's own state directory aside), what {@code dpm list} and {@code dpm history}
 * say (the local database), and whether a transaction left anything behind (journal, staging).
 */
record RootState(Map<String, String> files, String list, String history) {
    static final String STATE_DIR = "var/lib/dpm";

    static RootState of(Path home) {
        Path root = home.resolve("root");
        Map<String, String> files = new TreeMap<>();
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    String rel = root.relativize(p).toString();
                    if (rel.isEmpty() || rel.startsWith(STATE_DIR) || STATE_DIR.startsWith(rel + "/")) {
                        continue;
                    }
                    String kind = Files.isSymbolicLink(p) ? "link " + Files.readSymbolicLink(p)
                            : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file " + sha256(Files.readAllBytes(p));
                    String mode = Files.isSymbolicLink(p) ? ""
                            : " " + java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    files.put(rel, kind + mode);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        AttackNet.Result list = AttackNet.dpm(home, "list");
        AttackNet.Result history = AttackNet.dpm(home, "history");
        return new RootState(files, list.code() + " " + list.out(), history.code() + " " + history.out());
    }

    /** No transaction in flight or half done: no journal, no staging directory with content. */
    static void assertNoLeftovers(Path home) throws IOException {
        Path state = home.resolve("root").resolve(STATE_DIR);
        assertThat(state.resolve("journal.json")).doesNotExist();
        Path staging = state.resolve("staging");
        if (Files.exists(staging)) {
            try (Stream<Path> s = Files.list(staging)) {
                assertThat(s.toList()).as("staging leftovers").isEmpty();
            }
        }
    }

    /** Every block the client stored hashes to its CID: nothing unverified was ever written to its repo. */
    static int assertRepoVerified(Path home) throws Exception {
        Repo repo = Repo.open(home.resolve("repo"));
        int n = 0;
        for (Cid cid : repo.blockstore().allCids()) {
            byte[] b = repo.blockstore().get(cid).orElseThrow();
            Cid recomputed = cid.codec() == Cid.RAW ? Cid.raw(b) : Cid.dagPb(b);
            assertThat(recomputed).as("block " + cid + " in the client's repo").isEqualTo(cid);
            n++;
        }
        return n;
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
