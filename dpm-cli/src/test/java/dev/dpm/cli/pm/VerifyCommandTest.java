package dev.dpm.cli.pm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dpm.cli.CapturedRun;
import dev.dpm.core.db.InstallReason;
import dev.dpm.core.db.InstalledPackage;
import dev.dpm.core.db.LocalDatabase;
import dev.dpm.core.manifest.Dependency;
import dev.dpm.core.manifest.Manifest;
import dev.dpm.core.manifest.Provide;
import dev.dpm.core.manifest.Relation;
import dev.dpm.core.version.DebianVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dependency half of {@code dpm verify}, on installed sets written straight into a root's database. */
class VerifyCommandTest {
    @TempDir
    Path tmp;

    private static InstalledPackage installed(Manifest.Builder b) throws Exception {
        Manifest m = b.architecture("all").description("test").build();
        byte[] bytes = m.toCanonicalBytes();
        return new InstalledPackage(m.name(), m.version().toString(), m.cid().toString(), bytes, InstallReason.EXPLICIT,
                Instant.EPOCH);
    }

    private CapturedRun verify(Path root, String... names) {
        String[] args = new String[names.length + 5];
        args[0] = "verify";
        System.arraycopy(names, 0, args, 1, names.length);
        args[names.length + 1] = "--home";
        args[names.length + 2] = tmp.resolve("home").toString();
        args[names.length + 3] = "--root";
        args[names.length + 4] = root.toString();
        return CapturedRun.of(args);
    }

    @Test
    void reportsUnmetDependenciesAndConflictsAmongTheInstalled() throws Exception {
        Path root = tmp.resolve("root");
        InstalledPackage app = installed(Manifest.builder().name("app").version(DebianVersion.parse("1.0"))
                .depends(List.of(Dependency.parse("lib (>= 2)"), Dependency.parse("font-a | banner-font"))));
        InstalledPackage lib = installed(Manifest.builder().name("lib").version(DebianVersion.parse("1.0")));
        InstalledPackage banner = installed(Manifest.builder().name("banner").version(DebianVersion.parse("1"))
                .provides(List.of(Provide.parse("banner-font"))).conflicts(List.of(Relation.parse("lib"))));
        try (LocalDatabase db = LocalDatabase.open(root)) {
            db.write(w -> {
                w.installed().put(app, List.of());
                w.installed().put(lib, List.of());
                w.installed().put(banner, List.of());
                return null;
            });
        }

        CapturedRun all = verify(root);
        assertThat(all.code()).as(all.err()).isEqualTo(PmExitCodes.VERIFY_FAILED);
        assertThat(all.out()).contains("app 1.0 depends on lib (>= 2), which no installed package satisfies")
                .contains("banner 1 conflicts with lib, which installed lib 1.0 satisfies")
                .doesNotContain("font-a") // met through banner's Provides
                .contains("dependencies: 2 problems");

        CapturedRun onlyLib = verify(root, "lib");
        assertThat(onlyLib.code()).as(onlyLib.err()).isZero();
        assertThat(onlyLib.out()).contains("dependencies: all satisfied, no conflicts");
        assertThat(verify(root, "nothere").code()).isEqualTo(PmExitCodes.NOT_FOUND);
    }
}
