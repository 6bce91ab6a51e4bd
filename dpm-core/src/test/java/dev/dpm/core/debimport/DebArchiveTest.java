package dev.dpm.core.debimport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.manifest.FileEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DebArchiveTest {
    @TempDir
    Path tmp;

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private TestDeb sample() throws Exception {
        return new TestDeb()
                .controlFile("postinst", "#!/bin/sh\necho hi\n")
                .controlFile("prerm", "#!/bin/sh\n")
                .controlFile("conffiles", "/etc/demo.conf\n")
                .controlFile("md5sums", md5("hello\n") + "  usr/bin/demo\n")
                .dir("./", 0755).dir("./usr/", 0755).dir("./usr/bin/", 0755)
                .file("./usr/bin/demo", 04755, "hello\n")
                .symlink("./usr/bin/demo-link", "demo")
                .hardlink("./usr/bin/demo-hard", "./usr/bin/demo")
                .dir("./etc/", 0755)
                .file("./etc/demo.conf", 0640, "x=1\n")
                .symlink("./etc/abs", "/usr/bin/demo");
    }

    @ParameterizedTest
    @ValueSource(strings = {".xz", ".gz", ".zst", ""})
    void readsControlAndExtractsTreeForEveryCompression(String compression) throws Exception {
        Path deb = sample().compression(compression).write(tmp.resolve("demo.deb"));
        DebArchive a = DebArchive.open(deb);
        assertThat(a.controlMember()).isEqualTo("control.tar" + compression);
        assertThat(a.dataMember()).isEqualTo("data.tar" + compression);
        assertThat(a.control().get("Package")).isEqualTo("demo");
        assertThat(a.control().get("Version")).isEqualTo("1:2.0-1");
        assertThat(a.controlFiles()).containsOnlyKeys("postinst", "prerm", "conffiles", "md5sums");
        assertThat(a.maintainerScriptNames()).containsExactly("postinst", "prerm");

        Path out = tmp.resolve("out");
        DebPayload p = a.extractData(out);
        assertThat(p.entries()).containsExactly(
                FileEntry.dir("etc", 0755),
                FileEntry.symlink("etc/abs", "/usr/bin/demo"),
                FileEntry.file("etc/demo.conf", 0640, 4, sha256("x=1\n")),
                FileEntry.dir("usr", 0755),
                FileEntry.dir("usr/bin", 0755),
                FileEntry.file("usr/bin/demo", 04755, 6, sha256("hello\n")),
                FileEntry.file("usr/bin/demo-hard", 0644, 6, sha256("hello\n")),
                FileEntry.symlink("usr/bin/demo-link", "demo"));
        assertThat(p.hardLinks()).isEqualTo(1);
        assertThat(p.fileBytes()).isEqualTo(16);
        assertThat(Files.readString(out.resolve("usr/bin/demo-hard"))).isEqualTo("hello\n");
        assertThat(Files.isRegularFile(out.resolve("usr/bin/demo-hard"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readSymbolicLink(out.resolve("etc/abs"))).hasToString("/usr/bin/demo");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("etc/demo.conf"))))
                .isEqualTo("rw-r-----");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("usr/bin/demo"))))
                .isEqualTo("rwxr-xr-x");
    }

    @Test
    void refusesAbsolutePathNamingTheMember() throws Exception {
        Path deb = new TestDeb().file("/etc/passwd", 0644, "x").write(tmp.resolve("abs.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(UnsafeDebEntryException.class)
                .hasMessageContaining("abs.deb: data.tar.xz: /etc/passwd: absolute path refused");
        assertThat(tmp.resolve("o")).isEmptyDirectory();
    }

    @Test
    void refusesDotDot() throws Exception {
        Path deb = new TestDeb().file("./usr/../../evil", 0644, "x").write(tmp.resolve("dd.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(UnsafeDebEntryException.class)
                .hasMessageContaining("data.tar.xz: ./usr/../../evil: '..' in path refused");
        assertThat(tmp.resolve("evil")).doesNotExist();
    }

    @Test
    void refusesDeviceNode() throws Exception {
        Path deb = new TestDeb().dir("./dev/", 0755).device("./dev/sda").write(tmp.resolve("dev.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(UnsafeDebEntryException.class)
                .hasMessageContaining("dev.deb: data.tar.xz: ./dev/sda: device node refused");
    }

    @Test
    void refusesWritingThroughASymlinkOfTheArchive() throws Exception {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Path deb = new TestDeb().symlink("./etc", outside.toString()).file("./etc/x", 0644, "pwned")
                .write(tmp.resolve("sym.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(UnsafeDebEntryException.class)
                .hasMessageContaining("./etc/x: path below the symlink 'etc' refused");
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void refusesHardLinkOutsideTheArchive() throws Exception {
        Path deb = new TestDeb().hardlink("./x", "/etc/shadow").write(tmp.resolve("hl.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(UnsafeDebEntryException.class)
                .hasMessageContaining("hl.deb: data.tar.xz: ./x");
    }

    @Test
    void detectsDataThatDiffersFromMd5sums() throws Exception {
        Path deb = new TestDeb().controlFile("md5sums", md5("other\n") + "  usr/bin/demo\n")
                .file("./usr/bin/demo", 0755, "hello\n").write(tmp.resolve("md5.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb).extractData(tmp.resolve("o")))
                .isInstanceOf(DebFormatException.class)
                .hasMessageContaining("md5.deb: data.tar.xz: ./usr/bin/demo: MD5")
                .hasMessageContaining("differs from md5sums");
    }

    @Test
    void refusesAFileThatIsNotAnArArchive() throws Exception {
        Path f = Files.writeString(tmp.resolve("text.deb"), "hello, I am not a package\n");
        assertThatThrownBy(() -> DebArchive.open(f)).isInstanceOf(DebFormatException.class)
                .hasMessage(f + ": not an ar archive (not a .deb)");
    }

    @Test
    void refusesAPackageWithoutData() throws Exception {
        Path deb = new TestDeb().noData().write(tmp.resolve("nodata.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb)).isInstanceOf(DebFormatException.class)
                .hasMessageContaining("nodata.deb: no data.tar member");
    }

    @Test
    void reportsATruncatedPackageNamingTheMember() throws Exception {
        Path deb = sample().write(tmp.resolve("full.deb"));
        byte[] bytes = Files.readAllBytes(deb);
        Path cut = Files.write(tmp.resolve("cut.deb"), java.util.Arrays.copyOf(bytes, bytes.length - 200));
        assertThatThrownBy(() -> DebArchive.open(cut).extractData(tmp.resolve("o")))
                .isInstanceOf(DebFormatException.class)
                .hasMessageStartingWith(cut + ": data.tar.xz: ");
    }

    @Test
    void reportsCorruptCompressedData() throws Exception {
        Path deb = sample().write(tmp.resolve("full.deb"));
        byte[] bytes = Files.readAllBytes(deb);
        for (int i = bytes.length - 300; i < bytes.length - 100; i++) {
            bytes[i] ^= 0x5a;
        }
        Path bad = Files.write(tmp.resolve("bad.deb"), bytes);
        assertThatThrownBy(() -> DebArchive.open(bad).extractData(tmp.resolve("o")))
                .isInstanceOf(DebFormatException.class)
                .hasMessageStartingWith(bad + ": data.tar.xz");
    }

    @Test
    void reportsABadControlFile() throws IOException {
        Path deb = new TestDeb().control("Package demo without colon\n").write(tmp.resolve("ctl.deb"));
        assertThatThrownBy(() -> DebArchive.open(deb)).isInstanceOf(DebFormatException.class)
                .hasMessageStartingWith(deb + ": control.tar.xz: control: ");
    }
}
