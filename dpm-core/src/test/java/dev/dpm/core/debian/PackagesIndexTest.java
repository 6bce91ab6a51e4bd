package dev.dpm.core.debian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.resolve.Index;
import dev.dpm.core.resolve.Plan;
import dev.dpm.core.resolve.Request;
import dev.dpm.core.resolve.Resolver;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackagesIndexTest {
    @TempDir
    Path tmp;

    private Path fixture() throws Exception {
        return Path.of(getClass().getResource("/debian/Packages").toURI());
    }

    @Test
    void mapsStanzasToMetadataOnlyManifests() throws Exception {
        List<Manifest> ms = new ArrayList<>();
        PackagesIndex.read(fixture(), "debian:bookworm", ms::add);
        assertThat(ms).extracting(Manifest::id).containsExactly("hello@2.10-3", "libc6@2.36-9+deb12u7",
                "libgcc-s1@12.2.0-14", "gcc-12-base@12.2.0-14", "python3-foo@1:1.0~rc1-1", "python3@3.11.2-1+b1",
                "hello-arm@1.0");
        Manifest hello = ms.get(0);
        assertThat(hello.payload()).isNull();
        assertThat(hello.installedSize()).isEqualTo(280 * 1024);
        assertThat(hello.origin()).isEqualTo("debian:bookworm");
        assertThat(hello.originInfo()).containsEntry("Filename", "pool/main/h/hello/hello_2.10-3_amd64.deb")
                .containsEntry("Size", "53024").containsEntry("Multi-Arch", "foreign").containsKey("SHA256");
        assertThat(hello.description()).startsWith("example package based on GNU hello\nThe GNU hello")
                .contains("\n\nSeriously");
        assertThat(hello.breaks()).hasToString("[hello-debhelper (<< 2.9)]");
        assertThat(hello.replaces()).hasSize(2);
        assertThat(ms.get(2).preDepends()).extracting(Dependency::toString).containsExactly("libc6 (>= 2.35)");
        assertThat(ms.get(2).provides()).hasToString("[libgcc1 (= 1:12.2.0-14)]");
        assertThat(ms.get(4).depends()).extracting(Dependency::toString)
                .containsExactly("python3:any (>= 3.11~)", "hello | hello-traditional");
        // Metadata-only manifests are canonical like any other.
        for (Manifest m : ms) {
            assertThat(Manifest.fromCanonicalBytes(m.toCanonicalBytes())).isEqualTo(m);
        }
    }

    @Test
    void readsCompressedListsAndResolvesAgainstThem() throws Exception {
        Path gz = tmp.resolve("x_dists_bookworm_main_binary-amd64_Packages.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(fixture()));
        }
        assertThat(PackagesIndex.aptLists(tmp, "bookworm", "amd64")).containsExactly(gz);
        Index index = Index.of(PackagesIndex.candidates(List.of(gz)));
        Plan plan = Resolver.builder(index).build().resolve(List.of(), Request.install("python3-foo"));
        assertThat(plan.unpackOrder()).extracting(c -> c.name()).containsExactly("gcc-12-base", "libc6", "libgcc-s1",
                "hello", "python3", "python3-foo");
        assertThatThrownBy(() -> Resolver.builder(index).build().resolve(List.of(), Request.install("hello-arm")))
                .hasMessageContaining("you asked to install hello-arm");
    }

    @Test
    void badStanzaNamesFileAndLine() throws Exception {
        Path bad = tmp.resolve("Packages");
        Files.writeString(bad, "Package: ok-pkg\nVersion: 1\nArchitecture: all\n\nPackage: broken\nVersion: 1\n"
                + "Architecture: all\nDepends: foo (>> )\n");
        assertThatThrownBy(() -> PackagesIndex.read(bad, null, m -> { }))
                .isInstanceOf(DebianIndexException.class)
                .hasMessageContaining(bad + ":5: package 'broken'")
                .hasMessageContaining("bad relation 'foo (>> )'");
    }
}
