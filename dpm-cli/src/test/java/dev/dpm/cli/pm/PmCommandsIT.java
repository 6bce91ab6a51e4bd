package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.Main;
import dev.dpm.content.repo.Repo;
import dev.dpm.storage.StorageNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newcomer path through the command line ({@link Main#commandLine()}): devnet, publish the three
 * examples, a client home pointing at the publisher's node, update, install, run the program; then the
 * other commands and their exit codes.
 */
class PmCommandsIT {
    @TempDir
    Path tmp;

    private static CapturedRun dpm(String... args) {
        return CapturedRun.of(args);
    }

    @Test
    void publishUpdateInstallAndTheOtherCommandsFromTheCommandLine() throws Exception {
        Path repoRoot = Path.of(System.getProperty("dpm.repo.root"));
        String pub = tmp.resolve("publisher").toString();
        String client = tmp.resolve("client").toString();
        String root = tmp.resolve("root").toString();
        Path password = tmp.resolve("password");
        Files.writeString(password, "dpm-devnet\n");

        CapturedRun up = dpm("devnet", "up", "--port", "0", "--home", pub);
        assertThat(up.code()).as(up.err()).isZero();
        try (StorageNode node = StorageNode.builder(Repo.open(tmp.resolve("publisher/repo")).blockstore()).build()
                .start()) {
            CapturedRun publish = dpm("publish", "--home", pub, "--password-file", password.toString(),
                    repoRoot.resolve("examples/libgreeting").toString(),
                    repoRoot.resolve("examples/ascii-banner").toString(),
                    repoRoot.resolve("examples/hello-dpm").toString());
            assertThat(publish.code()).as(publish.err()).isZero();
            assertThat(publish.out()).contains("published libgreeting@1.0-1").contains("published hello-dpm@1.2.0-1");

            CapturedRun again = dpm("publish", "--home", pub, "--password-file", password.toString(),
                    repoRoot.resolve("examples/libgreeting").toString());
            assertThat(again.code()).isZero();
            assertThat(again.out()).contains("libgreeting@1.0-1 is already published").contains("skipped");

            Files.createDirectories(Path.of(client));
            Files.copy(tmp.resolve("publisher/config.json"), Path.of(client, "config.json"));
            assertThat(dpm("config", "set", "peers", node.url().toString(), "--home", client).code()).isZero();

            // the registry's deploy block (written by devnet up) survives `config set` and is where update starts
            long fromBlock = new ObjectMapper().readTree(tmp.resolve("publisher/config.json").toFile())
                    .path("registryFromBlock").asLong(-1);
            assertThat(fromBlock).isPositive();
            assertThat(new ObjectMapper().readTree(Path.of(client, "config.json").toFile())
                    .path("registryFromBlock").asLong(-1)).isEqualTo(fromBlock);
            CapturedRun update = dpm("update", "--home", client, "--root", root);
            assertThat(update.code()).as(update.err()).isZero();
            assertThat(update.out()).contains("reading registry events from block " + fromBlock + " to ");
            assertThat(update.out()).containsPattern("scanned (\\d+)/\\1 blocks, \\d+ events");
            assertThat(update.out()).contains("3 new releases");

            CapturedRun search = dpm("search", "banner", "--home", client, "--root", root);
            assertThat(search.out()).contains("ascii-banner 2:0.9~rc1-3");
            CapturedRun info = dpm("info", "hello-dpm", "--home", client, "--root", root);
            assertThat(info.out()).contains("Depends: libgreeting (>= 1.0), figlet-fonts | banner-font (>= 1.0)");

            // a person at a terminal who answers "n": exit 11, nothing installed
            List<String> asked = new ArrayList<>();
            PlanPrompt.terminal = new PlanPrompt.Terminal() {
                @Override
                public boolean interactive() {
                    return true;
                }

                @Override
                public String readLine() {
                    asked.add("asked");
                    return "n";
                }
            };
            CapturedRun declined;
            try {
                declined = dpm("install", "hello-dpm", "--home", client, "--root", root);
            } finally {
                PlanPrompt.terminal = PlanPrompt.SYSTEM;
            }
            assertThat(declined.code()).as(declined.err()).isEqualTo(PmExitCodes.DECLINED);
            assertThat(asked).hasSize(1);
            assertThat(declined.out()).contains("install: ").contains("Proceed? [Y/n] ")
                    .contains("aborted: nothing changed").doesNotContain("fetch ");
            assertThat(Path.of(root, "usr/bin/hello-dpm")).doesNotExist();
            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("nothing installed");

            // a dry run shows the plan and changes nothing, with exit 0
            CapturedRun dry = dpm("install", "hello-dpm", "--dry-run", "--home", client, "--root", root);
            assertThat(dry.code()).as(dry.err()).isZero();
            assertThat(dry.out()).contains("install: ").contains("hello-dpm 1.2.0-1")
                    .contains("dry run: nothing fetched, nothing changed").doesNotContain("fetch ");
            assertThat(Path.of(root, "usr/bin/hello-dpm")).doesNotExist();

            // a home without storage peers: a configuration error naming the file and the field
            String bare = tmp.resolve("bare").toString();
            String bareRoot = tmp.resolve("bare-root").toString();
            Files.createDirectories(Path.of(bare));
            Files.copy(tmp.resolve("publisher/config.json"), Path.of(bare, "config.json"));
            assertThat(dpm("config", "set", "peers", "--home", bare).code()).isZero();
            assertThat(dpm("update", "--home", bare, "--root", bareRoot).code()).isZero();
            CapturedRun noPeers = dpm("install", "hello-dpm", "--yes", "--home", bare, "--root", bareRoot);
            assertThat(noPeers.code()).as(noPeers.out()).isEqualTo(ExitCodes.CONFIG);
            assertThat(noPeers.err().strip()).contains("no storage peers configured")
                    .contains(Path.of(bare, "config.json").toString()).contains("\"peers\"").doesNotContain("\n");
            assertThat(Path.of(bareRoot, "usr/bin/hello-dpm")).doesNotExist();

            // --download-only: fetched into the home's repository, verified, nothing installed; then the peers go
            // and the install needs none (apt -d, pacman -Sw)
            String traveller = tmp.resolve("traveller").toString();
            String travellerRoot = tmp.resolve("traveller-root").toString();
            Files.createDirectories(Path.of(traveller));
            Files.copy(Path.of(client, "config.json"), Path.of(traveller, "config.json"));
            assertThat(dpm("update", "--home", traveller, "--root", travellerRoot).code()).isZero();
            CapturedRun download = dpm("install", "hello-dpm", "--download-only", "--yes", "--home", traveller,
                    "--root", travellerRoot);
            assertThat(download.code()).as(download.err()).isZero();
            assertThat(download.out()).contains("fetch 3/3").contains("downloaded: 3 packages into the repository")
                    .doesNotContain("done:");
            assertThat(Path.of(travellerRoot, "usr/bin/hello-dpm")).doesNotExist();
            assertThat(dpm("list", "--home", traveller, "--root", travellerRoot).out()).contains("nothing installed");
            assertThat(dpm("config", "set", "peers", "--home", traveller).code()).isZero();
            CapturedRun offlineInstall = dpm("install", "hello-dpm", "--yes", "--home", traveller, "--root",
                    travellerRoot);
            assertThat(offlineInstall.code()).as(offlineInstall.err()).isZero();
            assertThat(offlineInstall.out()).contains("to fetch: nothing (all in the repository)").doesNotContain("fetch 1/");
            assertThat(Path.of(travellerRoot, "usr/bin/hello-dpm")).isRegularFile();

            CapturedRun install = dpm("install", "hello-dpm", "--yes", "--home", client, "--root", root);
            assertThat(install.code()).as(install.err()).isZero();
            assertThat(install.out()).contains("install: ").contains("hello-dpm 1.2.0-1").contains("fetch 3/3")
                    .containsPattern("to fetch: [0-9.]+ (B|KiB) \\(3 packages\\); installed size: \\+");

            // output to a file and a bounded wait: a pipe read until its end is not interruptible
            Path saidFile = tmp.resolve("hello-dpm.out");
            Process hello = new ProcessBuilder(Path.of(root, "usr/bin/hello-dpm").toString()).redirectErrorStream(true)
                    .redirectOutput(saidFile.toFile()).start();
            boolean exited = hello.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!exited) {
                hello.destroyForcibly();
            }
            String said = java.nio.file.Files.readString(saidFile, StandardCharsets.UTF_8);
            assertThat(exited).as("hello-dpm ends within 60 s: %s", said).isTrue();
            assertThat(hello.exitValue()).isZero();
            assertThat(said).contains("Hello, world!");

            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("hello-dpm 1.2.0-1 (explicit")
                    .contains("libgreeting 1.0-1 (dependency");
            assertThat(dpm("verify", "--home", client, "--root", root).code()).isZero();

            Files.writeString(Path.of(root, "usr/lib/greeting/greeting.sh"), "tampered\n");
            CapturedRun verify = dpm("verify", "--home", client, "--root", root);
            assertThat(verify.code()).isEqualTo(PmExitCodes.VERIFY_FAILED);
            assertThat(verify.out()).contains("usr/lib/greeting/greeting.sh: modified");
            // a plain install leaves it; --reinstall repairs it
            assertThat(dpm("install", "libgreeting", "--yes", "--home", client, "--root", root).out())
                    .contains("nothing to install");
            CapturedRun repair = dpm("install", "libgreeting", "--reinstall", "--yes", "--home", client, "--root", root);
            assertThat(repair.code()).as(repair.err()).isZero();
            assertThat(repair.out()).contains("reinstall: libgreeting 1.0-1").contains("done: 1 package changes");
            assertThat(dpm("verify", "--home", client, "--root", root).code()).isZero();
            assertThat(dpm("history", "--home", client, "--root", root).out()).contains("reinstall libgreeting 1.0-1");
            CapturedRun libHistory = dpm("history", "libgreeting", "--home", client, "--root", root);
            assertThat(libHistory.out()).contains("install libgreeting 1.0-1").contains("reinstall libgreeting 1.0-1")
                    .doesNotContain("hello-dpm");
            assertThat(dpm("history", "Bad_Name", "--home", client, "--root", root).code())
                    .isEqualTo(ExitCodes.INVALID_INPUT);
            // named, so now explicit (as apt marks what it is asked for by name); back to a dependency for below
            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("libgreeting 1.0-1 (explicit,");
            assertThat(dpm("mark", "--dependency", "libgreeting", "--home", client, "--root", root).code()).isZero();
            Files.writeString(Path.of(root, "usr/lib/greeting/greeting.sh"), "tampered\n"); // as before, for below

            // files, owns
            CapturedRun files = dpm("files", "hello-dpm", "--home", client, "--root", root);
            assertThat(files.code()).as(files.err()).isZero();
            assertThat(files.out()).contains("hello-dpm /usr/bin/hello-dpm\n").contains("hello-dpm /usr/bin/\n");
            assertThat(dpm("files", "-q", "libgreeting", "--home", client, "--root", root).out())
                    .contains("/usr/lib/greeting/greeting.sh\n").doesNotContain("libgreeting ");
            assertThat(dpm("files", "no-such-package", "--home", client, "--root", root).code())
                    .isEqualTo(PmExitCodes.NOT_FOUND);
            CapturedRun owns = dpm("owns", "/usr/bin/hello-dpm", Path.of(root, "usr/lib/greeting/greeting.sh").toString(),
                    "--home", client, "--root", root);
            assertThat(owns.code()).as(owns.err()).isZero();
            assertThat(owns.out()).contains("/usr/bin/hello-dpm is owned by hello-dpm 1.2.0-1")
                    .contains("/usr/lib/greeting/greeting.sh is owned by libgreeting 1.0-1");
            CapturedRun unowned = dpm("owns", "/usr/bin/hello-dpm", "/etc/passwd", "--home", client, "--root", root);
            assertThat(unowned.code()).isEqualTo(PmExitCodes.NOT_FOUND);
            assertThat(unowned.out()).contains("is owned by hello-dpm");
            assertThat(unowned.err().strip()).isEqualTo("dpm: no installed package owns /etc/passwd (in " + root + ")");
            assertThat(dpm("owns", "../outside", "--home", client, "--root", root).code())
                    .isEqualTo(ExitCodes.INVALID_INPUT);

            // hold, unhold, mark
            assertThat(dpm("hold", "libgreeting", "--home", client, "--root", root).out()).contains("held: libgreeting");
            assertThat(dpm("hold", "--home", client, "--root", root).out()).isEqualTo("libgreeting 1.0-1\n");
            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("libgreeting 1.0-1 (dependency, held,");
            assertThat(dpm("info", "libgreeting", "--home", client, "--root", root).out())
                    .contains("Installed:   1.0-1 (dependency, held)").contains("Required by: hello-dpm\n");
            // hello-dpm needs "figlet-fonts | banner-font (>= 1.0)", which ascii-banner provides
            assertThat(dpm("info", "ascii-banner", "--home", client, "--root", root).out())
                    .contains("Required by: hello-dpm\n");
            assertThat(dpm("info", "hello-dpm", "--home", client, "--root", root).out()).contains("Required by: -\n");
            CapturedRun removeHeld = dpm("remove", "libgreeting", "--yes", "--home", client, "--root", root);
            assertThat(removeHeld.code()).isEqualTo(ExitCodes.CONFLICT);
            assertThat(removeHeld.err().strip()).isEqualTo("dpm: libgreeting is held at 1.0-1: refusing to remove it "
                    + "(run `dpm unhold libgreeting` first); nothing changed");
            assertThat(Path.of(root, "usr/lib/greeting/greeting.sh")).exists();
            assertThat(dpm("hold", "no-such-package", "--home", client, "--root", root).code())
                    .isEqualTo(PmExitCodes.NOT_FOUND);
            assertThat(dpm("unhold", "libgreeting", "--home", client, "--root", root).out())
                    .contains("released: libgreeting");
            assertThat(dpm("unhold", "libgreeting", "--home", client, "--root", root).out())
                    .contains("libgreeting was not held");
            assertThat(dpm("mark", "--explicit", "libgreeting", "--home", client, "--root", root).out())
                    .contains("libgreeting is now explicit");
            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("libgreeting 1.0-1 (explicit,");
            assertThat(dpm("mark", "--dependency", "libgreeting", "--home", client, "--root", root).out())
                    .contains("libgreeting is now dependency");
            assertThat(dpm("mark", "libgreeting", "--home", client, "--root", root).code()).isEqualTo(ExitCodes.USAGE);

            CapturedRun missing = dpm("install", "no-such-package", "--yes", "--home", client, "--root", root);
            assertThat(missing.code()).isEqualTo(PmExitCodes.NOT_FOUND);
            assertThat(missing.err().strip()).startsWith("dpm: no package named no-such-package").doesNotContain("\n");
            CapturedRun badSpec = dpm("install", "Bad_Name", "--yes", "--home", client, "--root", root);
            assertThat(badSpec.code()).isEqualTo(ExitCodes.INVALID_INPUT);

            CapturedRun remove = dpm("remove", "hello-dpm", "--autoremove", "--yes", "--home", client, "--root", root);
            assertThat(remove.code()).as(remove.err()).isZero();
            assertThat(remove.out()).contains("autoremoved: ");
            assertThat(remove.out()).contains("`dpm repo gc` deletes them");
            assertThat(dpm("list", "--home", client, "--root", root).out()).contains("nothing installed");
            assertThat(dpm("history", "--home", client, "--root", root).out()).contains("install hello-dpm 1.2.0-1")
                    .contains("remove libgreeting 1.0-1");
            assertThat(dpm("upgrade", "--yes", "--home", client, "--root", root).out()).contains("nothing to upgrade");

            // the removed packages' blocks stayed in the repo: a reinstall needs no storage peer
            assertThat(dpm("config", "set", "peers", "--home", client).code()).isZero();
            CapturedRun offline = dpm("install", "hello-dpm", "--yes", "--home", client, "--root", root);
            assertThat(offline.code()).as(offline.err()).isZero();
            assertThat(offline.out()).doesNotContain("fetch ");
            assertThat(Path.of(root, "usr/bin/hello-dpm")).exists();
            assertThat(dpm("verify", "--home", client, "--root", root).code()).isZero();
        } finally {
            dpm("devnet", "down", "--home", pub);
        }
    }
}
