package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dpm.cli.CapturedRun;
import dev.dpm.cli.ExitCodes;
import dev.dpm.cli.Main;
import dev.dpm.content.repo.Repo;
import dev.dpm.storage.StorageNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration files (the control field {@code Conffiles}) through the command line
 * ({@link Main#commandLine()}), as an administrator meets them: one devnet, one storage node, a package
 * {@code hello} published in successive releases; install, edit {@code /etc/hello/hello.conf}, upgrade
 * to a release shipping the same and then a different version of it, verify, remove, install again,
 * and an upgrade to a release without it. Every step checks the bytes on disk, the exit code and the
 * line the CLI prints (dpkg's conffile rules with pacman's {@code .pacnew}/{@code .pacsave} names).
 */
class ConfigFilesIT {
    private static final String CONF = "etc/hello/hello.conf";
    private static final String README = "usr/share/hello/README";
    private static final String SHIPPED_A = "# hello.conf as shipped by 1.0 and 1.1\ngreeting = Hello\n";
    private static final String SHIPPED_B = "# hello.conf as shipped by 2.0\ngreeting = Hello\ncolour = auto\n";
    private static final String SHIPPED_C = "# hello.conf as shipped by 2.1\ngreeting = Hi\ncolour = never\n";
    private static final String EDIT_1 = "# edited by the administrator\ngreeting = Bonjour\n";
    private static final String EDIT_2 = "# edited again, after the reinstall\ngreeting = Hallo\n";
    private static final String EDIT_3 = "# edited a third time\ngreeting = Ciao\n";

    @TempDir
    Path tmp;

    private String pub;
    private String client;
    private String root;
    private Path password;

    @Test
    void changedConfigFilesAreKeptOnUpgradeReportedByVerifyAndSavedOnRemove() throws Exception {
        pub = tmp.resolve("publisher").toString();
        client = tmp.resolve("client").toString();
        root = tmp.resolve("root").toString();
        password = tmp.resolve("password");
        Files.writeString(password, "dpm-devnet\n");
        Path conf = Path.of(root, CONF);
        Path dpmnew = Path.of(root, CONF + ".dpmnew");
        Path dpmsave = Path.of(root, CONF + ".dpmsave");
        Path dpmsave1 = Path.of(root, CONF + ".dpmsave.1");
        Path dpmsave2 = Path.of(root, CONF + ".dpmsave.2");

        CapturedRun up = CapturedRun.of("devnet", "up", "--port", "0", "--home", pub);
        assertThat(up.code()).as(up.err()).isZero();
        try (StorageNode node = StorageNode.builder(Repo.open(tmp.resolve("publisher/repo")).blockstore()).build()
                .start()) {
            // Conffiles naming a path that is not a regular file under files/: refused before the chain,
            // naming the field and the path (the second of two continuation lines, so both were read)
            Path bad = source("bad", "1.0-1", "Conffiles:\n /etc/hello/hello.conf\n /etc/hello/missing.conf\n",
                    Map.of(CONF, SHIPPED_A));
            CapturedRun refused = publishRun(bad);
            assertThat(refused.code()).as(refused.out() + refused.err()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(refused.err().strip()).isEqualTo("dpm: " + bad.resolve("dpm.control")
                    + ": manifest field 'conffiles': Conffiles names /etc/hello/missing.conf, but "
                    + bad.resolve("files/etc/hello/missing.conf") + " does not exist"
                    + " (a configuration file must be a regular file under files/)");
            assertThat(refused.out()).doesNotContain("published");
            // a directory under files/ is not a configuration file either
            Path dirConf = source("dirconf", "1.0-1", "Conffiles: /etc/hello\n", Map.of(CONF, SHIPPED_A));
            CapturedRun refusedDir = publishRun(dirConf);
            assertThat(refusedDir.code()).as(refusedDir.out() + refusedDir.err()).isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(refusedDir.err().strip()).contains("manifest field 'conffiles': Conffiles names /etc/hello, but ")
                    .contains(" is a directory (").doesNotContain("\n");
            // nor a path without its leading / (the field names paths as installed, not under files/)
            Path relative = source("relative", "1.0-1", "Conffiles: etc/hello/hello.conf\n", Map.of(CONF, SHIPPED_A));
            CapturedRun refusedRelative = publishRun(relative);
            assertThat(refusedRelative.code()).as(refusedRelative.out() + refusedRelative.err())
                    .isEqualTo(ExitCodes.INVALID_INPUT);
            assertThat(refusedRelative.err().strip()).contains("conffiles").contains("'etc/hello/hello.conf'")
                    .contains("is not an absolute file path").doesNotContain("\n");

            // 1.0-1: install; the configuration file is the shipped one, verify is clean
            publish(source("v1.0", "1.0-1", "Conffiles: /etc/hello/hello.conf\n",
                    Map.of(CONF, SHIPPED_A, README, "hello 1.0\n")), "hello@1.0-1");
            Files.createDirectories(Path.of(client));
            Files.copy(tmp.resolve("publisher/config.json"), Path.of(client, "config.json"));
            assertThat(dpm("config", "set", "peers", node.url().toString(), "--home", client).code()).isZero();
            update();
            // the published manifest lists it root-relative, as its files
            CapturedRun info = dpm("info", "hello", "--home", client, "--root", root);
            assertThat(info.code()).as(info.err()).isZero();
            Matcher cid = Pattern.compile("1\\.0-1  all  manifest (\\S+)").matcher(info.out());
            assertThat(cid.find()).as(info.out()).isTrue();
            Path manifestFile = tmp.resolve("manifest-1.0-1.json");
            CapturedRun get = dpm("get", cid.group(1), "-o", manifestFile.toString(), "--home", client);
            assertThat(get.code()).as(get.err()).isZero();
            JsonNode manifest = new ObjectMapper().readTree(manifestFile.toFile());
            assertThat(manifest.path("conffiles").isArray()).as(manifest.toString()).isTrue();
            assertThat(manifest.path("conffiles")).extracting(JsonNode::asText).containsExactly(CONF);
            CapturedRun install = dpm("install", "hello", "--yes", "--home", client, "--root", root);
            assertThat(install.code()).as(install.err()).isZero();
            assertThat(install.out()).contains("hello 1.0-1").doesNotContain("was changed locally");
            assertThat(conf).hasContent(SHIPPED_A);
            CapturedRun cleanVerify = verify();
            assertThat(cleanVerify.code()).as(cleanVerify.out()).isZero();
            assertThat(cleanVerify.out()).contains("all as installed\n").doesNotContain("config files changed");

            // the administrator edits it; 1.1-1 ships the same version: kept, a note, no .dpmnew
            Files.writeString(conf, EDIT_1);
            publish(source("v1.1", "1.1-1", "Conffiles: /etc/hello/hello.conf\n",
                    Map.of(CONF, SHIPPED_A, README, "hello 1.1\n")), "hello@1.1-1");
            update();
            CapturedRun same = upgrade();
            assertThat(same.out()).contains("upgrade: hello 1.0-1 -> 1.1-1");
            assertThat(same.out().lines()).contains("note: /etc/hello/hello.conf was changed locally: kept "
                    + "(hello ships the same version of it)");
            assertThat(same.out()).doesNotContain("warning:");
            assertThat(conf).hasContent(EDIT_1);
            assertThat(dpmnew).doesNotExist();
            assertThat(Path.of(root, README)).hasContent("hello 1.1\n"); // the rest of the package did upgrade

            // 2.0-1 ships a different version: kept, the new one beside it as .dpmnew, a warning
            publish(source("v2.0", "2.0-1", "Conffiles: /etc/hello/hello.conf\n",
                    Map.of(CONF, SHIPPED_B, README, "hello 2.0\n")), "hello@2.0-1");
            update();
            CapturedRun different = upgrade();
            assertThat(different.out()).contains("upgrade: hello 1.1-1 -> 2.0-1");
            assertThat(different.out().lines()).contains("warning: /etc/hello/hello.conf was changed locally: kept; "
                    + "hello's new version of it is /etc/hello/hello.conf.dpmnew (merge it by hand)");
            assertThat(different.out()).doesNotContain("note:");
            assertThat(conf).hasContent(EDIT_1);
            assertThat(dpmnew).hasContent(SHIPPED_B);
            assertThat(Path.of(root, README)).hasContent("hello 2.0\n");

            // verify: the changed configuration file is reported, not a failure
            CapturedRun changedVerify = verify();
            assertThat(changedVerify.code()).as(changedVerify.out()).isZero();
            assertThat(changedVerify.out().lines())
                    .anyMatch(l -> l.startsWith("hello: etc/hello/hello.conf: changed config file, kept ("))
                    .anyMatch(l -> l.matches("1 packages, \\d+ paths checked: all as installed"
                            + "; config files changed locally \\(not a problem\\): 1"))
                    .noneMatch(l -> l.contains(README));
            // ... but a changed file that is not configuration is (exit 12), the config file still apart
            Files.writeString(Path.of(root, README), "tampered\n");
            CapturedRun failedVerify = verify();
            assertThat(failedVerify.code()).as(failedVerify.out()).isEqualTo(PmExitCodes.VERIFY_FAILED);
            assertThat(failedVerify.out().lines())
                    .anyMatch(l -> l.startsWith("hello: usr/share/hello/README: modified ("))
                    .anyMatch(l -> l.startsWith("hello: etc/hello/hello.conf: changed config file, kept ("))
                    .anyMatch(l -> l.matches("1 packages, \\d+ paths checked: 1 problems"
                            + "; config files changed locally \\(not a problem\\): 1"));

            // --reinstall repairs the README and keeps the changed configuration file (same version: a note)
            CapturedRun reinstall = dpm("install", "hello", "--reinstall", "--yes", "--home", client, "--root", root);
            assertThat(reinstall.code()).as(reinstall.err()).isZero();
            assertThat(reinstall.out()).contains("reinstall: hello 2.0-1");
            assertThat(reinstall.out().lines()).contains("note: /etc/hello/hello.conf was changed locally: kept "
                    + "(hello ships the same version of it)");
            assertThat(Path.of(root, README)).hasContent("hello 2.0\n");
            assertThat(conf).hasContent(EDIT_1);
            assertThat(dpmnew).hasContent(SHIPPED_B);
            assertThat(verify().code()).isZero();

            // remove: the changed file is moved to .dpmsave, its directory stays
            CapturedRun remove = remove();
            assertThat(remove.out().lines()).contains("warning: /etc/hello/hello.conf was changed locally: "
                    + "saved as /etc/hello/hello.conf.dpmsave");
            assertThat(conf).doesNotExist();
            assertThat(dpmsave).hasContent(EDIT_1);
            assertThat(Path.of(root, "etc/hello")).isDirectory();
            assertThat(Path.of(root, README)).doesNotExist();
            assertThat(dpmnew).hasContent(SHIPPED_B); // not the package's file: left alone

            // install again: the package's version, not the saved one; a deleted one comes back on reinstall
            CapturedRun again = dpm("install", "hello", "--yes", "--home", client, "--root", root);
            assertThat(again.code()).as(again.err()).isZero();
            assertThat(again.out()).contains("hello 2.0-1").doesNotContain("was changed locally");
            assertThat(conf).hasContent(SHIPPED_B);
            Files.delete(conf);
            CapturedRun restore = dpm("install", "hello", "--reinstall", "--yes", "--home", client, "--root", root);
            assertThat(restore.code()).as(restore.err()).isZero();
            assertThat(restore.out()).doesNotContain("was changed locally");
            assertThat(conf).hasContent(SHIPPED_B);

            // an unchanged configuration file is simply replaced by a new version: no .dpmnew, no warning
            publish(source("v2.1", "2.1-1", "Conffiles: /etc/hello/hello.conf\n",
                    Map.of(CONF, SHIPPED_C, README, "hello 2.1\n")), "hello@2.1-1");
            update();
            CapturedRun replaced = upgrade();
            assertThat(replaced.out()).contains("upgrade: hello 2.0-1 -> 2.1-1").doesNotContain("was changed locally");
            assertThat(conf).hasContent(SHIPPED_C);
            assertThat(dpmnew).hasContent(SHIPPED_B); // the earlier one, untouched
            assertThat(verify().out()).doesNotContain("config files changed");

            // changed again and removed again: .dpmsave is taken, so .dpmsave.1; the first untouched
            Files.writeString(conf, EDIT_2);
            CapturedRun removeAgain = remove();
            assertThat(removeAgain.out().lines()).contains("warning: /etc/hello/hello.conf was changed locally: "
                    + "saved as /etc/hello/hello.conf.dpmsave.1");
            assertThat(conf).doesNotExist();
            assertThat(dpmsave).hasContent(EDIT_1);
            assertThat(dpmsave1).hasContent(EDIT_2);

            // an upgrade to a release that no longer ships it saves the changed file as a removal does
            CapturedRun third = dpm("install", "hello", "--yes", "--home", client, "--root", root);
            assertThat(third.code()).as(third.err()).isZero();
            assertThat(conf).hasContent(SHIPPED_C);
            Files.writeString(conf, EDIT_3);
            publish(source("v3.0", "3.0-1", "", Map.of(README, "hello 3.0\n")), "hello@3.0-1");
            update();
            CapturedRun dropped = upgrade();
            assertThat(dropped.out()).contains("upgrade: hello 2.1-1 -> 3.0-1");
            assertThat(dropped.out().lines()).contains("warning: /etc/hello/hello.conf was changed locally: "
                    + "saved as /etc/hello/hello.conf.dpmsave.2");
            assertThat(conf).doesNotExist();
            assertThat(dpmsave2).hasContent(EDIT_3);
            assertThat(dpmsave1).hasContent(EDIT_2);
            assertThat(dpmsave).hasContent(EDIT_1);
            assertThat(Path.of(root, README)).hasContent("hello 3.0\n");
            CapturedRun finalVerify = verify();
            assertThat(finalVerify.code()).as(finalVerify.out()).isZero();
            assertThat(finalVerify.out()).contains("all as installed\n").doesNotContain("config files changed");
        } finally {
            CapturedRun.of("devnet", "down", "--home", pub);
        }
    }

    private static CapturedRun dpm(String... args) {
        return CapturedRun.of(args);
    }

    private CapturedRun publishRun(Path dir) {
        return dpm("publish", "--home", pub, "--password-file", password.toString(), dir.toString());
    }

    private void publish(Path dir, String release) {
        CapturedRun r = publishRun(dir);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("published " + release + " -> ");
    }

    private void update() {
        CapturedRun r = dpm("update", "--home", client, "--root", root);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
    }

    private CapturedRun upgrade() {
        CapturedRun r = dpm("upgrade", "--yes", "--home", client, "--root", root);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("done: 1 package changes");
        return r;
    }

    private CapturedRun remove() {
        CapturedRun r = dpm("remove", "hello", "--yes", "--home", client, "--root", root);
        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains("remove: hello ");
        return r;
    }

    private CapturedRun verify() {
        return dpm("verify", "--home", client, "--root", root);
    }

    /**
     * A source directory {@code tmp/src/DIR} for {@code hello} at {@code version}: {@code dpm.control}
     * with {@code extraFields} appended, and {@code files/} holding {@code files} (root-relative path to
     * text).
     */
    private Path source(String dir, String version, String extraFields, Map<String, String> files)
            throws IOException {
        Path src = tmp.resolve("src").resolve(dir);
        Files.createDirectories(src);
        Files.writeString(src.resolve("dpm.control"), "Package: hello\n"
                + "Version: " + version + "\n"
                + "Architecture: all\n"
                + "Maintainer: dpm tests <tests@dpm.invalid>\n"
                + "Description: a package with a configuration file\n"
                + " It ships /etc/hello/hello.conf and a README.\n"
                + extraFields, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> f : files.entrySet()) {
            Path p = src.resolve("files").resolve(f.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
        }
        return src;
    }
}
