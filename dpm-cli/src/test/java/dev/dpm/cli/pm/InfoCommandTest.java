package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.db.ReleaseRecord;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.version.DebianVersion;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dpm info} on an index written straight into a root's database (no chain needed to read it). */
class InfoCommandTest {
    @TempDir
    Path tmp;

    private static ReleaseRecord release(String version, String description, long block) throws Exception {
        Manifest m = Manifest.builder().name("tool").version(DebianVersion.parse(version)).architecture("all")
                .description(description).build();
        byte[] bytes = m.toCanonicalBytes();
        return new ReleaseRecord("tool", version, m.cid().toString(), bytes, description, "0xpub", block, "0xtx", 0,
                false, -1);
    }

    @Test
    void aPackageWhoseEveryReleaseIsYankedIsStillDescribed() throws Exception {
        Path root = tmp.resolve("root");
        ReleaseRecord old = release("1.0", "the old tool", 5);
        ReleaseRecord current = release("2.0", "the new tool", 6);
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(old);
                w.index().putRelease(current);
                w.index().yank("tool", "1.0", 7);
                return null;
            });
        }
        CapturedRun some = CapturedRun.of("info", "tool", "--home", tmp.resolve("home").toString(),
                "--root", root.toString());
        assertThat(some.code()).as(some.err()).isZero();
        assertThat(some.out()).contains("Description: the new tool").contains("Installed:   no")
                .doesNotContain("Required by");

        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> w.index().yank("tool", "2.0", 8));
        }
        CapturedRun all = CapturedRun.of("info", "tool", "--home", tmp.resolve("home").toString(),
                "--root", root.toString());
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).contains("Description: the new tool").contains("[yanked in block 8]");
    }

    @Test
    void aReleaseNamesItsConfigurationFiles() throws Exception {
        Path root = tmp.resolve("root");
        Manifest m = Manifest.builder().name("tool").version(DebianVersion.parse("1.0")).architecture("all")
                .description("configurable").payload(dev.dpm.content.Cid.raw(new byte[] {1})).payloadSize(2)
                .files(java.util.List.of(
                        dev.dpm.core.manifest.FileEntry.file("etc/tool/a.conf", 0644, 1, "ab".repeat(32)),
                        dev.dpm.core.manifest.FileEntry.file("etc/tool/b.conf", 0644, 1, "cd".repeat(32)),
                        dev.dpm.core.manifest.FileEntry.file("usr/bin/tool", 0755, 0, "ef".repeat(32))))
                .conffiles(java.util.List.of("etc/tool/b.conf", "etc/tool/a.conf")).build();
        byte[] bytes = m.toCanonicalBytes();
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.index().putRelease(new ReleaseRecord("tool", "1.0", m.cid().toString(), bytes, "configurable",
                        "0xpub", 5, "0xtx", 0, false, -1));
                return null;
            });
        }
        CapturedRun r = CapturedRun.of("info", "tool", "--home", tmp.resolve("home").toString(), "--root", root.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("    Config files: /etc/tool/a.conf, /etc/tool/b.conf\n");
    }
}
