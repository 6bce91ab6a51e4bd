package dev.dpm.core.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.content.Cid;
import dev.dpm.content.MemoryBlockstore;
import dev.dpm.content.unixfs.UnixfsImporter;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.manifest.FileEntry;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.version.DebianVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Installing from a payload imported into a blockstore, as the CLI will after fetching. */
class BlockstorePackageContentTest {
    @TempDir
    Path tmp;

    @Test
    void installsFilesReadFromTheUnixfsPayload() throws Exception {
        Path src = tmp.resolve("payload");
        Files.createDirectories(src.resolve("usr/bin"));
        byte[] big = new byte[700_000]; // several UnixFS chunks
        new Random(7).nextBytes(big);
        Files.write(src.resolve("usr/bin/tool"), big);
        Files.writeString(src.resolve("usr/README"), "hello from the blockstore");
        MemoryBlockstore store = new MemoryBlockstore();
        Cid payload = UnixfsImporter.builder().blockstore(store).build().importPath(src).root();

        Manifest m = manifest(payload, List.of(FileEntry.dir("usr", 0755), FileEntry.dir("usr/bin", 0755),
                FileEntry.file("usr/bin/tool", 0755, big.length, TestPackage.sha256(big)),
                FileEntry.file("usr/README", 0644, 25, TestPackage.sha256(Files.readAllBytes(src.resolve("usr/README"))))));
        Path root = tmp.resolve("root");
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(InstallPlan.builder().install(m, new BlockstorePackageContent(store, payload, "tool"),
                    InstallReason.EXPLICIT).build());
            tx.commit();
        }
        assertThat(Files.readAllBytes(root.resolve("usr/bin/tool"))).isEqualTo(big);
        assertThat(root.resolve("usr/README")).hasContent("hello from the blockstore");
    }

    @Test
    void fileMissingFromThePayloadFailsBeforeAnythingIsInstalled() throws Exception {
        Path src = tmp.resolve("payload");
        Files.createDirectories(src);
        Files.writeString(src.resolve("a"), "a");
        MemoryBlockstore store = new MemoryBlockstore();
        Cid payload = UnixfsImporter.builder().blockstore(store).build().importPath(src).root();
        Manifest m = manifest(payload, List.of(FileEntry.file("a", 0644, 1, TestPackage.sha256(new byte[] {'a'})),
                FileEntry.file("b", 0644, 1, TestPackage.sha256(new byte[] {'b'}))));
        Path root = tmp.resolve("root");
        try (Transaction tx = Installer.begin(root)) {
            tx.prepare(InstallPlan.builder().install(m, new BlockstorePackageContent(store, payload, "tool"),
                    InstallReason.EXPLICIT).build());
            assertThatThrownBy(tx::commit).isInstanceOf(TransactionException.class)
                    .hasMessageContaining("tool: b is not in the payload " + payload);
        }
        assertThat(root.resolve("a")).doesNotExist();
    }

    private static Manifest manifest(Cid payload, List<FileEntry> files) throws Exception {
        return Manifest.builder().name("tool").version(DebianVersion.of("1.0")).architecture("all")
                .description("a tool").payload(payload).payloadSize(1).files(files).build();
    }
}
