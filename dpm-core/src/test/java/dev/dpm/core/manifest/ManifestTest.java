package dev.dpm.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.core.version.DebianVersion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ManifestTest {
    private static Manifest sample() throws ManifestException {
        return Manifest.builder()
                .name("hello")
                .version(DebianVersion.of("1:2.10-3"))
                .architecture("amd64")
                .description("greets\n the world \"nicely\" \u00e9")
                .maintainer("Jane <jane@example.org>")
                .depends(Dependency.parseList("depends", "libc6 (>= 2.34), mail-transport-agent | exim4:any (<< 5)"))
                .preDepends(Dependency.parseList("preDepends", "dpkg (>= 1.15)"))
                .conflicts(Dependency.parseRelations("conflicts", "hello-traditional"))
                .breaks(Dependency.parseRelations("breaks", "old (<< 1)"))
                .provides(Provide.parseList("provides", "greeter (= 2.10), hello-any"))
                .payload(Cid.raw("files".getBytes(StandardCharsets.UTF_8)))
                .payloadSize(1234)
                .installedSize(4096)
                .files(List.of(FileEntry.file("usr/bin/hello", 0755, 1234, "ab".repeat(32)),
                        FileEntry.dir("usr/bin", 0755), FileEntry.symlink("usr/bin/hi", "hello"), FileEntry.dir("usr", 0755)))
                .script("postinst", MaintainerScript.inline("#!/bin/sh\nexit 0\n"))
                .origin("debian:bookworm")
                .originInfo("Filename", "pool/main/h/hello/hello_2.10-3_amd64.deb")
                .build();
    }

    @Test
    void roundTripsThroughCanonicalBytes() throws Exception {
        Manifest m = sample();
        byte[] bytes = m.toCanonicalBytes();
        Manifest back = Manifest.fromCanonicalBytes(bytes);
        assertThat(back).isEqualTo(m);
        assertThat(back.toCanonicalBytes()).isEqualTo(bytes);
        assertThat(back.cid()).isEqualTo(Cid.raw(bytes));
        assertThat(back.files()).extracting(FileEntry::path).containsExactly("usr", "usr/bin", "usr/bin/hello", "usr/bin/hi");
    }

    @Test
    void encodingIsSortedCompactJson() throws Exception {
        Manifest m = Manifest.builder().name("ab").version(DebianVersion.of("1.0")).architecture("all")
                .description("d").depends(Dependency.parseList("depends", "xx ( >=1 ) |yy")).build();
        assertThat(new String(m.toCanonicalBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"architecture\":\"all\",\"depends\":[\"xx (>= 1) | yy\"],\"description\":\"d\",\"format\":1,"
                + "\"name\":\"ab\",\"version\":\"1.0\"}");
    }

    @Test
    void rejectsNonCanonicalSpellings() throws Exception {
        String good = "{\"architecture\":\"all\",\"description\":\"d\",\"format\":1,\"name\":\"ab\",\"version\":\"1.0\"}";
        assertThat(Manifest.fromCanonicalBytes(good.getBytes(StandardCharsets.UTF_8)).name()).isEqualTo("ab");
        String[] bad = {
            good.replace(",", ", "),
            "{\"description\":\"d\",\"architecture\":\"all\",\"format\":1,\"name\":\"ab\",\"version\":\"1.0\"}",
            good.replace("\"d\"", "\"\\u0064\""),
            good.replace("\"format\":1", "\"format\":1.0"),
            good.replace("\"name\"", "\"depends\":[],\"name\""),
            good + "\n",
        };
        for (String b : bad) {
            assertThatThrownBy(() -> Manifest.fromCanonicalBytes(b.getBytes(StandardCharsets.UTF_8))).as(b)
                    .isInstanceOf(ManifestException.class);
        }
    }

    @Test
    void validationNamesTheField() {
        String base = "{\"architecture\":\"all\",\"description\":\"d\",\"format\":1,\"name\":\"ab\",\"version\":\"1.0\"}";
        assertThatThrownBy(() -> Manifest.fromCanonicalBytes(
                base.replace("\"description\"", "\"depends\":[\"foo (>> )\"],\"description\"").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ManifestException.class)
                .hasMessage("manifest field 'depends': bad relation 'foo (>> )'")
                .extracting(e -> ((ManifestException) e).field()).isEqualTo("depends");
        assertThatThrownBy(() -> Manifest.fromCanonicalBytes(base.replace("\"ab\"", "\"Ab\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("manifest field 'name': bad package name 'Ab'");
        assertThatThrownBy(() -> Manifest.fromCanonicalBytes(base.replace("\"1.0\"", "\"x1\"").getBytes(StandardCharsets.UTF_8)))
                .hasMessageStartingWith("manifest field 'version'");
        assertThatThrownBy(() -> Manifest.fromCanonicalBytes(base.replace("\"ab\"", "\"ab\",\"zz\":1").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("manifest field 'zz': unknown field");
        assertThatThrownBy(() -> sample().toBuilder().files(List.of(FileEntry.file("../etc/passwd", 0644, 1, "00".repeat(32)))).build())
                .hasMessageStartingWith("manifest field 'files': bad path '../etc/passwd'");
        assertThatThrownBy(() -> sample().toBuilder().name("a").build()).hasMessageContaining("'name'");
        assertThatThrownBy(() -> sample().toBuilder().payload(null).build()).hasMessageContaining("'payloadSize'");
    }

    @Test
    void relationsParseAndSatisfy() throws Exception {
        Relation r = Relation.parse(" libfoo:any  ( >= 1:2.0~rc1 ) ");
        assertThat(r.toString()).isEqualTo("libfoo:any (>= 1:2.0~rc1)");
        assertThat(r.versionSatisfiedBy(DebianVersion.of("1:2.0"))).isTrue();
        assertThat(r.versionSatisfiedBy(DebianVersion.of("2.0"))).isFalse();
        assertThat(Provide.parse("mta (= 2)").satisfies(Relation.parse("mta (>= 1)"))).isTrue();
        assertThat(Provide.parse("mta").satisfies(Relation.parse("mta (>= 1)"))).isFalse();
        assertThat(Provide.parse("mta").satisfies(Relation.parse("mta"))).isTrue();
        assertThatThrownBy(() -> Provide.parse("mta (>= 1)")).isInstanceOf(ManifestException.class);
        assertThatThrownBy(() -> Relation.parse("foo (>> )")).hasMessage("bad relation 'foo (>> )'");
        assertThatThrownBy(() -> Relation.parse("Foo")).isInstanceOf(ManifestException.class);
        assertThatThrownBy(() -> Dependency.parseRelations("conflicts", "a | b"))
                .hasMessageStartingWith("manifest field 'conflicts'");
    }

    @Test
    void conffilesAreSortedRegularFilesOfThePackageAndOmittedWhenEmpty() throws Exception {
        Manifest plain = sample();
        assertThat(new String(plain.toCanonicalBytes(), StandardCharsets.UTF_8)).doesNotContain("conffiles");
        Manifest m = plain.toBuilder().files(List.of(FileEntry.dir("etc", 0755),
                        FileEntry.file("etc/b.conf", 0644, 1, "cd".repeat(32)),
                        FileEntry.file("etc/a.conf", 0644, 1, "ef".repeat(32)),
                        FileEntry.symlink("etc/link.conf", "a.conf")))
                .conffiles(List.of("etc/b.conf", "etc/a.conf")).build();
        assertThat(m.conffiles()).containsExactly("etc/a.conf", "etc/b.conf");
        String json = new String(m.toCanonicalBytes(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"conffiles\":[\"etc/a.conf\",\"etc/b.conf\"],\"conflicts\"");
        assertThat(Manifest.fromCanonicalBytes(m.toCanonicalBytes())).isEqualTo(m);
        // an unsorted list is another spelling of the same manifest: refused
        String unsorted = json.replace("[\"etc/a.conf\",\"etc/b.conf\"]", "[\"etc/b.conf\",\"etc/a.conf\"]");
        assertThatThrownBy(() -> Manifest.fromCanonicalBytes(unsorted.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("not in canonical form");

        for (String bad : List.of("etc/missing.conf", "etc", "etc/link.conf")) {
            assertThatThrownBy(() -> m.toBuilder().conffiles(List.of(bad)).build()).isInstanceOf(ManifestException.class)
                    .hasMessageContaining("manifest field 'conffiles'")
                    .hasMessageContaining("'" + bad + "' is not a regular file of the package");
        }
    }
}
