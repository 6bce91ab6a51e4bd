package dev.dpm.cli.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.storage.StorageNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpm get}, {@code dpm peers} and {@code dpm node start|status|stop} as a user runs them. */
class StorageCommandsIT {
    @TempDir
    Path tmp;

    CapturedRun dpm(String... args) {
        return CapturedRun.of(args);
    }

    @Test
    void getFetchesVerifiesAndExportsAFile() throws Exception {
        MemoryBlockstore origin = new MemoryBlockstore();
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        new Random(3).nextBytes(content);
        Cid root = UnixfsImporter.builder().blockstore(origin).build().importStream(new ByteArrayInputStream(content)).root();
        Path home = tmp.resolve("home");
        try (StorageNode node = StorageNode.builder(origin).build().start()) {
            Path out = tmp.resolve("out.bin");
            CapturedRun r = dpm("get", root.toString(), "-o", out.toString(), "--peer", node.url().toString(), "--home", home.toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(Files.readAllBytes(out)).isEqualTo(content);
            assertThat(r.out()).contains(root.toString()).contains("5 blocks");

            CapturedRun again = dpm("get", root.toString(), "-o", tmp.resolve("again.bin").toString(), "--home", home.toString());
            assertThat(again.code()).as("everything is local now: no peer needed").isZero();
            assertThat(again.out()).contains("5 already local");

            CapturedRun exists = dpm("get", root.toString(), "-o", out.toString(), "--peer", node.url().toString(), "--home", home.toString());
            assertThat(exists.code()).isEqualTo(ExitCodes.CONFLICT);

            CapturedRun peers = dpm("peers", "--peer", node.url().toString(), "--home", home.toString());
            assertThat(peers.out()).contains(node.url().toString()).contains("blacklist: (empty)");
        }
    }

    @Test
    void userMistakesAreOneLineWithTheirExitCode() {
        Path home = tmp.resolve("home");
        CapturedRun bad = dpm("get", "not-a-cid", "-o", tmp.resolve("x").toString(), "--home", home.toString());
        assertThat(bad.code()).isEqualTo(ExitCodes.INVALID_INPUT);
        assertThat(bad.err()).startsWith("dpm: ").contains("not-a-cid").doesNotContain("Exception");
        CapturedRun nobody = dpm("get", Cid.raw("absent".getBytes()).toString(), "-o", tmp.resolve("y").toString(),
                "--home", home.toString());
        assertThat(nobody.code()).isEqualTo(ExitCodes.CONFIG); // a configuration to fix, as for install
        assertThat(nobody.err()).contains("no peers are configured").contains("lists no \"peers\"")
                .contains("dpm config set peers URL");
        CapturedRun badPeer = dpm("get", Cid.raw("absent".getBytes()).toString(), "-o", tmp.resolve("z").toString(),
                "--peer", "ftp://nope", "--home", home.toString());
        assertThat(badPeer.code()).isEqualTo(ExitCodes.CONFIG);
    }

    @Test
    void nodeStartsInTheBackgroundAnswersAndStops() throws Exception {
        Path home = tmp.resolve("home");
        CapturedRun start = dpm("node", "start", "--listen", "127.0.0.1:0", "--home", home.toString());
        try {
            assertThat(start.code()).as(start.err() + start.out()).isZero();
            assertThat(start.out()).contains("dpm node started");
            CapturedRun status = dpm("node", "status", "--home", home.toString());
            assertThat(status.code()).as(status.out() + status.err()).isZero();
            assertThat(status.out()).contains("answers the gateway probe");
            assertThat(Files.readString(home.resolve("node.log"))).contains("dpm node serving");
            CapturedRun twice = dpm("node", "start", "--listen", "127.0.0.1:0", "--home", home.toString());
            assertThat(twice.code()).isEqualTo(ExitCodes.LOCKED);
        } finally {
            CapturedRun stop = dpm("node", "stop", "--home", home.toString());
            assertThat(stop.code()).isZero();
        }
        CapturedRun after = dpm("node", "status", "--home", home.toString());
        assertThat(after.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(after.out()).contains("not running");
        assertThat(home.resolve("node.pid")).doesNotExist();
    }
}
