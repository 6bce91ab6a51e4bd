package dev.dpm.core.debimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.MemoryBlockstore;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.version.DebianVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebImporterTest {
    @TempDir
    Path tmp;

    static final String CONTROL = """
            Package: demo
            Version: 2:1.0~rc1-3
            Architecture: amd64
            Maintainer: Jane Doe <jane@example.org>
            Installed-Size: 12
            Pre-Depends: libc6 (>= 2.34)
            Depends: libfoo1 (>= 1.2) | libfoo-compat, bar (<< 3)
            Conflicts: old-demo
            Breaks: demo-data (<< 1.0)
            Provides: demo-virtual (= 1.0), awk
            Replaces: old-demo (<= 0.9)
            Section: utils
            Priority: optional
            Description: a demo package
             with a long description
             .
             in two paragraphs
            """;

    @Test
    void mapsControlFieldsFilesAndKeptScriptsToTheManifest() throws Exception {
        String bigConfig = "#!/bin/sh\n" + "# padding\n".repeat(1500);
        Path deb = new TestDeb().control(CONTROL)
                .controlFile("postinst", "#!/bin/sh\nupdate-alternatives --install ...\n")
                .controlFile("config", bigConfig)
                .controlFile("triggers", "interest-noawait /usr/share/demo\n")
                .dir("./usr/", 0755).dir("./usr/bin/", 0755)
                .file("./usr/bin/demo", 0755, "#!/bin/sh\necho demo\n")
                .symlink("./usr/bin/dm", "demo")
                .write(tmp.resolve("demo_1.0_amd64.deb"));
        MemoryBlockstore store = new MemoryBlockstore();
        ImportedDeb d = DebImporter.builder().blockstore(store).origin("deb:test").build()
                .importDeb(deb, tmp.resolve("tree"));
        Manifest m = d.manifest();
        assertThat(m.name()).isEqualTo("demo");
        assertThat(m.version()).isEqualTo(DebianVersion.parse("2:1.0~rc1-3"));
        assertThat(m.version().toString()).isEqualTo("2:1.0~rc1-3");
        assertThat(m.architecture()).isEqualTo("amd64");
        assertThat(m.maintainer()).isEqualTo("Jane Doe <jane@example.org>");
        assertThat(m.description()).startsWith("a demo package").contains("in two paragraphs");
        assertThat(m.installedSize()).isEqualTo(12 * 1024);
        assertThat(m.preDepends()).isEqualTo(Dependency.parseList("p", "libc6 (>= 2.34)"));
        assertThat(m.depends()).isEqualTo(Dependency.parseList("d", "libfoo1 (>= 1.2) | libfoo-compat, bar (<< 3)"));
        assertThat(m.conflicts()).isEqualTo(Dependency.parseRelations("c", "old-demo"));
        assertThat(m.breaks()).isEqualTo(Dependency.parseRelations("b", "demo-data (<< 1.0)"));
        assertThat(m.provides()).isEqualTo(Provide.parseList("p", "demo-virtual (= 1.0), awk"));
        assertThat(m.replaces()).extracting(Relation::name).containsExactly("old-demo");
        assertThat(m.origin()).isEqualTo("deb:test");
        byte[] debBytes = Files.readAllBytes(deb);
        assertThat(m.originInfo()).containsEntry("Filename", "demo_1.0_amd64.deb")
                .containsEntry("SHA256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(debBytes)))
                .containsEntry("Size", Long.toString(debBytes.length))
                .containsEntry("Section", "utils");

        String script = "#!/bin/sh\necho demo\n";
        assertThat(m.files()).containsExactly(
                FileEntry.dir("usr", 0755), FileEntry.dir("usr/bin", 0755),
                FileEntry.file("usr/bin/demo", 0755, script.length(), HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)))),
                FileEntry.symlink("usr/bin/dm", "demo"));
        assertThat(m.payload()).isEqualTo(d.payload().root());
        assertThat(m.payloadSize()).isEqualTo(script.length());
        assertThat(store.has(m.payload())).isTrue();

        // Scripts: kept, small ones inline, a large one as its own block (pinned with the payload).
        assertThat(m.scripts()).containsOnlyKeys("postinst", "config", "triggers");
        assertThat(m.scripts().get("postinst").text()).startsWith("#!/bin/sh\nupdate-alternatives");
        assertThat(m.scripts().get("config").text()).isNull();
        assertThat(store.get(m.scripts().get("config").cid()).orElseThrow())
                .isEqualTo(bigConfig.getBytes(StandardCharsets.UTF_8));
        assertThat(d.roots()).containsExactly(m.payload(), m.scripts().get("config").cid());
        assertThat(d.maintainerScripts()).containsExactly("config", "postinst");
        assertThat(d.otherControlFiles()).containsExactly("triggers");

        // The manifest round-trips through its canonical bytes.
        assertThat(Manifest.fromCanonicalBytes(m.toCanonicalBytes())).isEqualTo(m);
    }

    @Test
    void aControlFileWithoutVersionNamesTheMemberAndField() throws Exception {
        Path deb = new TestDeb().control("Package: demo\nArchitecture: amd64\nDescription: x\n")
                .write(tmp.resolve("nover.deb"));
        assertThatThrownBy(() -> DebImporter.builder().blockstore(new MemoryBlockstore()).build()
                .importDeb(deb, tmp.resolve("t")))
                .isInstanceOf(DebFormatException.class)
                .hasMessageStartingWith(deb + ": control.tar.xz: control: ")
                .hasMessageContaining("Version");
    }

    @Test
    void dpkgConffilesBecomeTheManifestsConffiles() throws Exception {
        Path deb = new TestDeb().control(CONTROL)
                .controlFile("conffiles", "/etc/demo/demo.conf\nremove-on-upgrade /etc/demo/old.conf\n"
                        + "/etc/demo/not-shipped.conf\n\n/etc/default/demo\n")
                .dir("./etc/", 0755).dir("./etc/demo/", 0755).dir("./etc/default/", 0755)
                .file("./etc/demo/demo.conf", 0644, "a = 1\n")
                .file("./etc/demo/old.conf", 0644, "old\n")
                .file("./etc/default/demo", 0644, "ENABLED=1\n")
                .write(tmp.resolve("demo_conf.deb"));
        Manifest m = DebImporter.builder().blockstore(new MemoryBlockstore()).build()
                .importDeb(deb, tmp.resolve("conftree")).manifest();
        // a flagged entry is not a configuration file of this version; one data.tar lacks is left out
        assertThat(m.conffiles()).containsExactly("etc/default/demo", "etc/demo/demo.conf");
        assertThat(m.scripts()).containsKey("conffiles");
        assertThat(Manifest.fromCanonicalBytes(m.toCanonicalBytes())).isEqualTo(m);
    }
}
