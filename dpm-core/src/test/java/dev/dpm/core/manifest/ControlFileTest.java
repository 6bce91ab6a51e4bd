package dev.dpm.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlFileTest {
    @TempDir
    Path tmp;

    @Test
    void parsesParagraphsContinuationsAndCaseInsensitiveNames() throws Exception {
        List<ControlFile.Paragraph> ps = ControlFile.parse("x", """
                # comment
                Package: a
                description: short
                 long line one
                 .
                 long line two
                DEPENDS: b,
                  c

                Package: b
                """);
        assertThat(ps).hasSize(2);
        assertThat(ps.get(0).get("Description")).isEqualTo("short\nlong line one\n\nlong line two");
        assertThat(ps.get(0).get("depends")).isEqualTo("b,\n c");
        assertThat(ps.get(0).lineOf("Depends")).isEqualTo(7);
        assertThat(ps.get(1).get("package")).isEqualTo("b");
        assertThat(ps.get(1).firstLine()).isEqualTo(10);
    }

    @Test
    void errorsNameFileAndLine() {
        assertThatThrownBy(() -> ControlFile.parse("pkg/dpm.control", "Package: a\nno colon here\n"))
                .hasMessageStartingWith("pkg/dpm.control:2: expected 'Field: value'");
        assertThatThrownBy(() -> ControlFile.parse("f", " cont\n")).hasMessageStartingWith("f:1: continuation");
        assertThatThrownBy(() -> ControlFile.parse("f", "A: 1\na: 2\n")).hasMessageStartingWith("f:2: duplicate field");
    }

    @Test
    void readsASourcePackage() throws Exception {
        Files.writeString(tmp.resolve("dpm.control"), """
                Package: hello
                Version: 1.0-1
                Architecture: all
                Maintainer: Jane <j@example.org>
                Description: says hello
                 at length
                Depends: libgreet (>= 1.2), sh | busybox
                Pre-Depends: dpkg
                Provides: greeter (= 1.0)
                Conflicts: hello-classic
                Breaks: hello-doc (<< 1.0)
                Replaces: hello-doc (<< 1.0)
                Recommends: cowsay
                """);
        Files.createDirectories(tmp.resolve("files/usr/bin"));
        SourcePackage s = SourcePackage.read(tmp);
        Manifest m = s.metadata();
        assertThat(m.id()).isEqualTo("hello@1.0-1");
        assertThat(m.depends()).extracting(Dependency::toString).containsExactly("libgreet (>= 1.2)", "sh | busybox");
        assertThat(m.provides()).extracting(Provide::toString).containsExactly("greeter (= 1.0)");
        assertThat(m.payload()).isNull();
        assertThat(s.filesDir()).isEqualTo(tmp.resolve("files"));
        assertThat(Manifest.fromCanonicalBytes(m.toCanonicalBytes())).isEqualTo(m);
    }

    @Test
    void sourceErrorsNameLineAndField() throws Exception {
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nDepends: ok, foo (>> )\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("manifest field 'depends'").hasMessageContaining("dpm.control:5")
                .hasMessageContaining("bad relation 'foo (>> )'");
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nDepend: typo\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessageContaining("dpm.control:5: unknown field 'Depend'");
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nArchitecture: all\nDescription: d\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessageContaining("missing field 'Version'");
    }

    @Test
    void conffilesAreAbsolutePathsUnderFiles() throws Exception {
        Files.writeString(tmp.resolve("dpm.control"), """
                Package: hello
                Version: 1.0
                Architecture: all
                Description: d
                Conffiles: /etc/hello/hello.conf
                 /etc/hello/extra.conf   /etc/default/hello
                """);
        for (String c : List.of("etc/hello/hello.conf", "etc/hello/extra.conf", "etc/default/hello")) {
            Files.createDirectories(tmp.resolve("files").resolve(c).getParent());
            Files.writeString(tmp.resolve("files").resolve(c), "x = 1\n");
        }
        SourcePackage s = SourcePackage.read(tmp);
        assertThat(s.conffiles()).containsExactly("etc/hello/hello.conf", "etc/hello/extra.conf", "etc/default/hello");
        assertThat(s.metadata().conffiles()).as("set with the files, by the publisher").isEmpty();

        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nConffiles: etc/hello.conf\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessageContaining("manifest field 'conffiles'")
                .hasMessageContaining("dpm.control:5").hasMessageContaining("'etc/hello.conf' is not an absolute file path");
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nConffiles: /etc/hello/\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessageContaining("'/etc/hello/' is not an absolute file path");
        // checked when the source is read, before a publisher talks to the chain
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nConffiles: /etc/hello/missing.conf /etc/hello\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessage(tmp.resolve("dpm.control")
                + ": manifest field 'conffiles': Conffiles names /etc/hello/missing.conf, but "
                + tmp.resolve("files/etc/hello/missing.conf") + " does not exist"
                + " (a configuration file must be a regular file under files/)");
        Files.writeString(tmp.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nConffiles: /etc/hello\n");
        assertThatThrownBy(() -> SourcePackage.read(tmp)).hasMessageContaining("Conffiles names /etc/hello, but ")
                .hasMessageContaining(" is a directory (");
        Path noFiles = Files.createDirectories(tmp.resolve("nofiles"));
        Files.writeString(noFiles.resolve("dpm.control"), "Package: hello\nVersion: 1.0\nArchitecture: all\n"
                + "Description: d\nConffiles: /etc/hello.conf\n");
        assertThatThrownBy(() -> SourcePackage.read(noFiles)).hasMessageContaining("no files/ directory");
    }
}
