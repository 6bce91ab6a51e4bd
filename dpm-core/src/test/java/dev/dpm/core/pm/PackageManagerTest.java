package dev.dpm.core.pm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dpm.core.manifest.Relation;
import dev.dpm.core.manifest.RelationOp;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the package manager does without a chain or peers. */
class PackageManagerTest {
    @TempDir
    Path root;

    @Test
    void parsesNameAndNameEqualsVersion() throws Exception {
        assertThat(PackageManager.parseSpec("hello-dpm")).isEqualTo(Relation.any("hello-dpm"));
        Relation r = PackageManager.parseSpec("ascii-banner=2:0.9~rc1-3");
        assertThat(r.op()).isEqualTo(RelationOp.EQ);
        assertThat(r.version().toString()).isEqualTo("2:0.9~rc1-3");
    }

    @Test
    void refusesBadNamesAndVersionsNamingThem() {
        assertThatThrownBy(() -> PackageManager.parseSpec("Bad_Name")).isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("'Bad_Name'");
        assertThatThrownBy(() -> PackageManager.parseSpec("foo=not a version"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("foo=not a version");
    }

    @Test
    void anEmptyRootHasNothingInstalledAndAnEmptyIndex() throws Exception {
        try (PackageManager pm = PackageManager.builder(root).build()) {
            assertThat(pm.list()).isEmpty();
            assertThat(pm.history()).isEmpty();
            assertThat(pm.search("anything")).isEmpty();
            assertThat(pm.verify(List.of()).ok()).isTrue();
            assertThatThrownBy(() -> pm.info("hello")).isInstanceOf(PackageNotFoundException.class)
                    .hasMessageContaining("run `dpm update`");
            assertThatThrownBy(() -> pm.install(List.of("hello"), PlanApproval.ALWAYS))
                    .isInstanceOf(PackageNotFoundException.class).hasMessageContaining("no package named hello");
            assertThatThrownBy(() -> pm.remove(List.of("hello"), false, PlanApproval.ALWAYS))
                    .isInstanceOf(PackageNotFoundException.class).hasMessageContaining("hello is not installed");
            assertThatThrownBy(pm::update).hasMessageContaining("no chain configured");
        }
    }

    /** A fetcher that owns resources (HttpDagFetcher's idle connections) and records being closed. */
    private static final class ClosingFetcher implements dev.dpm.storage.DagFetcher, AutoCloseable {
        boolean closed;

        @Override
        public dev.dpm.storage.FetchSummary fetch(dev.dpm.content.Cid root, dev.dpm.content.Blockstore into,
                dev.dpm.storage.FetchListener listener) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Test
    void closingThePackageManagerClosesItsFetcher() throws Exception {
        ClosingFetcher fetcher = new ClosingFetcher();
        PackageManager pm = PackageManager.builder(root).fetcher(fetcher).build();
        assertThat(fetcher.closed).isFalse();
        pm.close();
        assertThat(fetcher.closed).isTrue();
    }
}
