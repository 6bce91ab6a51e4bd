package dev.dpm.bench.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole harness on its tiny configuration: nginx, dpm nodes, anvil; the report and every plot are
 * written and the figures are sane (caps respected, no failed install while r > 1, storage near r/N).
 */
class EvalHarnessIT {
    @TempDir
    Path tmp;

    @Test
    void tinyRunWritesASaneReportWithPlots() throws Exception {
        Path repo = Path.of(System.getProperty("dpm.repo.root"));
        EvalConfig config = EvalConfig.tiny(repo, tmp.resolve("out"), tmp.resolve("work"));
        List<Path> index = EvalHarness.aptIndex(Path.of("/var/lib/apt/lists"));
        if (index.isEmpty()) {
            index = List.of(syntheticIndex(tmp.resolve("Packages")));
        }
        config = config.withIndexFiles(index);
        List<String> phases = new ArrayList<>();
        EvalResult r = EvalHarness.run(config, "test", new EvalListener() {
            @Override
            public void phase(String name) {
                phases.add(name);
            }
        });
        Path md = ReportWriter.write(r, config.out());

        assertThat(phases).anyMatch(p -> p.startsWith("mirror")).anyMatch(p -> p.startsWith("dpm, N = 4"))
                .anyMatch(p -> p.startsWith("registry"));
        assertThat(r.notes()).isEmpty();
        // every load run installed something; nothing failed while every package had a holder
        assertThat(r.load()).hasSize(2 + 4);
        for (LoadResult l : r.load()) {
            assertThat(l.installs()).as(l.system() + " N=" + l.nodes() + " C=" + l.clients()).isPositive();
            assertThat(l.failures()).isZero();
            assertThat(l.p50()).isPositive().isLessThanOrEqualTo(l.p95());
            assertThat(l.p95()).isLessThanOrEqualTo(l.p99());
            // no server exceeds its cap: the mirror is one server, dpm has N
            double capMib = config.capBytesPerSecond() / 1048576.0;
            assertThat(l.mibPerSecond()).isPositive().isLessThanOrEqualTo(capMib * l.nodes() * 1.25);
        }
        // storage near r/N of the archive (DAG overhead is small for single-block packages)
        for (EvalResult.StorageRow s : r.storage()) {
            assertThat(s.meanFraction()).as("N=%d r=%d", s.nodes(), s.r())
                    .isCloseTo((double) s.r() / s.nodes(), within(0.08));
            assertThat(s.maxBytes()).isGreaterThanOrEqualTo(s.minBytes());
        }
        // a node leaving: r = 2 keeps every install working, r = 1 loses packages
        EvalResult.ChurnResult ch = r.churn();
        assertThat(ch.afterLeave().failures()).isZero();
        assertThat(ch.afterLeave().installs()).isPositive();
        assertThat(ch.repairCopies()).isPositive();
        assertThat(ch.rOneLost()).isPositive();
        assertThat(ch.rOneLeave().failures()).isPositive();
        // registry: real receipts and measured updates
        assertThat(r.registry()).isNotNull();
        assertThat(r.registry().gas().values()).allSatisfy(g -> assertThat(g).isGreaterThan(21_000L));
        assertThat(r.registry().steps()).hasSize(2);
        assertThat(r.registry().steps().get(1).releases()).isGreaterThan(r.registry().steps().get(0).releases());
        assertThat(r.pm()).isNotNull();
        // fetchMillis sums the per-payload fetch times; the package manager fetches up to 8 payloads at
        // once, so the sum may exceed the install's wall time, but not 8 times over
        assertThat(r.pm().installMillis()).isPositive();
        assertThat(r.pm().fetchMillis()).isPositive().isLessThanOrEqualTo(8 * r.pm().installMillis());
        // the simulation spreads the whole archive: mean per peer = r / P of it
        for (SimulationResult.Storage s : r.simulation().storage()) {
            assertThat(s.meanBytes()).isCloseTo(r.simulation().archiveBytes() * (double) s.r() / s.peers(),
                    within(1.0 + r.simulation().archiveBytes() * 1e-9));
        }

        String text = Files.readString(md);
        assertThat(text).contains("## Headline").contains("simulation").contains("| mirror | 1 | - | 4 |")
                .contains("extrapolated");
        for (String plot : ReportWriter.PLOTS) {
            Path png = config.out().resolve(plot);
            assertThat(text).contains("(" + plot + ")");
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img).as(plot).isNotNull();
            assertThat(img.getWidth()).isEqualTo(860);
        }
        assertThat(config.out().resolve("update.png")).exists();
    }

    /** A stand-in Packages index for machines without apt's lists: 300 stanzas, sizes spread like Debian's. */
    private static Path syntheticIndex(Path file) throws Exception {
        StringBuilder s = new StringBuilder();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 300; i++) {
            long size = (long) Math.exp(8 + 4 * random.nextGaussian() * 0.7 + 3);
            s.append(String.format(Locale.ROOT, "Package: synth%d\nVersion: 1.%d\nArchitecture: amd64\n"
                    + "Maintainer: Test <t@example.org>\nSize: %d\nDescription: synthetic package %d\n\n", i, i,
                    Math.max(100, size), i));
        }
        Files.writeString(file, s.toString());
        return file;
    }
}
