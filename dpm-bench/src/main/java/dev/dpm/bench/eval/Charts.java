package dev.dpm.bench.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's PNG plots (XChart, rendered headless). Each method writes one file and returns its name. */
final class Charts {
    private static final int W = 860;
    private static final int H = 520;

    private Charts() {
    }

    static String latency(EvalResult r, Path dir, double q, String file) throws IOException {
        XYChart c = xy(String.format(Locale.ROOT, "Install latency p%d vs concurrent clients", Math.round(q * 100)),
                "concurrent clients C", "latency (ms)");
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        add(c, "mirror (nginx)", r.load().stream().filter(l -> l.system().equals("mirror")).toList(), q, true);
        for (int n : nodes(r)) {
            add(c, "dpm N=" + n, r.load().stream().filter(l -> l.system().equals("dpm") && l.nodes() == n).toList(), q,
                    false);
        }
        return save(c, dir, file);
    }

    private static void add(XYChart c, String name, List<LoadResult> runs, double q, boolean dashed) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (LoadResult l : runs) {
            if (l.installs() > 0) {
                x.add((double) l.clients());
                y.add(Math.max(0.01, l.percentile(q)));
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = c.addSeries(name, x, y);
            if (dashed) {
                s.setLineStyle(new java.awt.BasicStroke(2.5f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
                s.setMarker(SeriesMarkers.DIAMOND);
            }
        }
    }

    static String throughput(EvalResult r, Path dir, String file) throws IOException {
        XYChart c = xy("Aggregate verified throughput vs storage nodes", "storage nodes N",
                "throughput (MiB/s, all clients)");
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        List<Integer> ns = nodes(r);
        for (int cl : clients(r)) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (LoadResult l : r.load()) {
                if (l.system().equals("dpm") && l.clients() == cl) {
                    x.add((double) l.nodes());
                    y.add(l.mibPerSecond());
                }
            }
            if (!x.isEmpty()) {
                c.addSeries("dpm C=" + cl, x, y);
            }
        }
        for (LoadResult l : r.load()) {
            if (l.system().equals("mirror") && l.clients() == clients(r).last()) {
                XYSeries s = c.addSeries("mirror C=" + l.clients(), List.of((double) ns.get(0),
                        (double) ns.get(ns.size() - 1)), List.of(l.mibPerSecond(), l.mibPerSecond()));
                s.setMarker(SeriesMarkers.NONE);
                s.setLineStyle(new java.awt.BasicStroke(2.5f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f));
            }
        }
        List<Double> capX = new ArrayList<>();
        List<Double> capY = new ArrayList<>();
        for (int n : ns) {
            capX.add((double) n);
            capY.add(n * r.config().capBytesPerSecond() / 1048576.0);
        }
        XYSeries cap = c.addSeries("N x cap (upper bound)", capX, capY);
        cap.setMarker(SeriesMarkers.NONE);
        cap.setLineColor(java.awt.Color.GRAY);
        return save(c, dir, file);
    }

    static String storage(EvalResult r, Path dir, String file) throws IOException {
        CategoryChart c = new CategoryChartBuilder().width(W).height(H)
                .title("Storage per node, % of a full mirror (measured, loopback archive)")
                .xAxisTitle("replication factor").yAxisTitle("% of the mirror's bytes").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        TreeSet<Integer> ns = new TreeSet<>();
        TreeSet<Integer> rs = new TreeSet<>();
        r.storage().forEach(s -> {
            ns.add(s.nodes());
            rs.add(s.r());
        });
        List<String> cats = rs.stream().map(x -> "r=" + x).toList();
        for (int n : ns) {
            if (n == 1) {
                continue;
            }
            List<Double> mean = new ArrayList<>();
            for (int rr : rs) {
                mean.add(r.storage().stream().filter(s -> s.nodes() == n && s.r() == rr).findFirst()
                        .map(s -> 100 * s.meanFraction()).orElse(0.0));
            }
            c.addSeries("N=" + n + " mean", cats, mean);
        }
        int nMax = ns.last();
        List<Double> max = new ArrayList<>();
        for (int rr : rs) {
            max.add(r.storage().stream().filter(s -> s.nodes() == nMax && s.r() == rr).findFirst()
                    .map(s -> 100 * s.maxFraction()).orElse(0.0));
        }
        c.addSeries("N=" + nMax + " largest node", cats, max);
        return save(c, dir, file);
    }

    static String churn(EvalResult r, Path dir, String file) throws IOException {
        EvalResult.ChurnResult ch = r.churn();
        CategoryChart c = new CategoryChartBuilder().width(W).height(H)
                .title("A node leaving (N=" + ch.nodes() + "): latency and failed installs")
                .xAxisTitle("phase").yAxisTitle("ms / count").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        List<String> phases = List.of("r=2 all up", "r=2 one gone", "r=2 repaired", "r=1 one gone");
        List<LoadResult> runs = List.of(ch.before(), ch.afterLeave(), ch.afterRepair(), ch.rOneLeave());
        c.addSeries("p50 latency (ms)", phases, runs.stream().map(l -> nz(l.p50())).toList());
        c.addSeries("p95 latency (ms)", phases, runs.stream().map(l -> nz(l.p95())).toList());
        c.addSeries("failed installs", phases, runs.stream().map(l -> (double) l.failures()).toList());
        return save(c, dir, file);
    }

    static String update(EvalResult r, Path dir, String file) throws IOException {
        RegistryResult reg = r.registry();
        XYChart c = xy("dpm update on a fresh root vs releases on chain (anvil)", "releases", "seconds");
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (RegistryResult.UpdateStep s : reg.steps()) {
            x.add((double) s.releases());
            y.add(s.updateMillis() / 1000.0);
        }
        XYSeries m = c.addSeries("measured", x, y);
        m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        m.setMarker(SeriesMarkers.CIRCLE);
        List<Double> ex = new ArrayList<>();
        List<Double> ey = new ArrayList<>();
        for (long n = 0; n <= 64_000; n += 4_000) {
            ex.add((double) n);
            ey.add(Math.max(0, reg.extrapolateUpdateMillis(n) / 1000.0));
        }
        XYSeries e = c.addSeries("linear extrapolation", ex, ey);
        e.setMarker(SeriesMarkers.NONE);
        return save(c, dir, file);
    }

    static String simStorage(EvalResult r, Path dir, String file) throws IOException {
        SimulationResult sim = r.simulation();
        XYChart c = xy("SIMULATION: storage per peer, whole Debian archive", "peers", "GiB per peer");
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        TreeSet<Integer> peers = new TreeSet<>();
        sim.storage().forEach(s -> peers.add(s.peers()));
        for (int rr = 1; rr <= 3; rr++) {
            int fr = rr;
            List<Double> x = new ArrayList<>();
            List<Double> mean = new ArrayList<>();
            List<Double> max = new ArrayList<>();
            for (SimulationResult.Storage s : sim.storage()) {
                if (s.r() == fr) {
                    x.add((double) s.peers());
                    mean.add(s.meanBytes() / (1L << 30));
                    max.add(s.maxBytes() / (1L << 30));
                }
            }
            if (!x.isEmpty()) {
                c.addSeries("r=" + rr + " mean", x, mean);
                c.addSeries("r=" + rr + " max", x, max).setMarker(SeriesMarkers.CROSS);
            }
        }
        double mirror = sim.archiveBytes() / (double) (1L << 30);
        XYSeries m = c.addSeries("full mirror", List.of((double) peers.first(), (double) peers.last()),
                List.of(mirror, mirror));
        m.setMarker(SeriesMarkers.NONE);
        m.setLineColor(java.awt.Color.BLACK);
        return save(c, dir, file);
    }

    static String simFetch(EvalResult r, Path dir, String file) throws IOException {
        SimulationResult sim = r.simulation();
        XYChart c = xy("SIMULATION: install fetch time, " + sim.fetch().get(0).concurrent()
                + " installs in flight", "peers", "seconds");
        c.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true);
        List<Double> x = sim.fetch().stream().map(f -> (double) f.peers()).toList();
        c.addSeries("dpm p50", x, sim.fetch().stream().map(f -> Math.max(1e-3, f.dpmP50())).toList());
        c.addSeries("dpm p95", x, sim.fetch().stream().map(f -> Math.max(1e-3, f.dpmP95())).toList());
        c.addSeries("mirror p50", x, sim.fetch().stream().map(f -> Math.max(1e-3, f.mirrorP50())).toList())
                .setMarker(SeriesMarkers.NONE);
        c.addSeries("mirror p95", x, sim.fetch().stream().map(f -> Math.max(1e-3, f.mirrorP95())).toList())
                .setMarker(SeriesMarkers.NONE);
        return save(c, dir, file);
    }

    private static double nz(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    private static List<Integer> nodes(EvalResult r) {
        return new ArrayList<>(new TreeSet<>(r.load().stream().filter(l -> l.system().equals("dpm"))
                .map(LoadResult::nodes).toList()));
    }

    private static TreeSet<Integer> clients(EvalResult r) {
        return new TreeSet<>(r.load().stream().map(LoadResult::clients).toList());
    }

    private static XYChart xy(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(W).height(H).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(7);
        return c;
    }

    private static String save(org.knowm.xchart.internal.chartpart.Chart<?, ?> c, Path dir, String file)
            throws IOException {
        BitmapEncoder.saveBitmap(c, dir.resolve(file).toString(), BitmapEncoder.BitmapFormat.PNG);
        return file;
    }
}
