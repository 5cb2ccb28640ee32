package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.flowmatch.experiments.plot.Chart;
import org.flowmatch.experiments.plot.Figure;
import org.flowmatch.experiments.plot.Palette;
import org.flowmatch.experiments.plot.Panels;
import org.flowmatch.experiments.plot.Series;

/**
 * A study's outputs from its cells' results: the CSV of every cell, the Markdown table of means and standard
 * deviations over seeds, metric-against-NFE plots with Pareto fronts, and for each numeric axis (a sweep of
 * sample.guidance, say) every metric against it.
 */
final class Tables {
  /** The costs the table shows after the metrics: the evaluation's sampling NFE and wall time, and training time. */
  static final List<String> COSTS = List.of("nfe", "sample_s", "train_s");

  private Tables() {}

  static void write(Path dir, Grid grid, List<Map<String, Object>> results) throws IOException {
    List<String> axes = grid.axes().stream().map(Grid.Axis::name).toList();
    Set<String> metrics = new LinkedHashSet<>();
    for (Map<String, Object> r : results) {
      r.forEach((k, v) -> {
        if (v instanceof Number && !axes.contains(k)) {
          metrics.add(k);
        }
      });
    }
    // The metrics each cell chose (eval.metrics), in their order: what the table and the plots show.
    Set<String> chosen = new LinkedHashSet<>();
    for (Map<String, Object> r : results) {
      if (r.get("metrics") instanceof List<?> names) {
        names.forEach(n -> chosen.add(String.valueOf(n)));
      }
    }
    writeCsv(dir.resolve("results.csv"), axes, metrics, results);
    writeMarkdown(dir.resolve("results.md"), grid, axes, chosen, metrics, results);
    writePlots(dir.resolve("plots"), axes, chosen, results);
    for (String axis : axes) {
      if (!axis.equals("seed") && numeric(axis, results)) {
        writeAxisPlots(dir.resolve("plots"), axis, chosen, results);
      }
    }
  }

  /** Whether every cell's value of the axis is a number (a sweep such as sample.guidance: [0, 0.5, 1, 2, 4]). */
  private static boolean numeric(String axis, List<Map<String, Object>> results) {
    for (Map<String, Object> r : results) {
      try {
        Double.parseDouble(String.valueOf(r.get(axis)));
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return !results.isEmpty();
  }

  /**
   * For a numeric axis, {@code vs-AXIS.png}: one panel per chosen metric against the axis, the mean over the cells
   * that share the axis value (over seeds and any other axis) with a band from their lowest to their highest value.
   */
  private static void writeAxisPlots(Path dir, String axis, Set<String> chosen, List<Map<String, Object>> results)
      throws IOException {
    List<Figure> panels = new ArrayList<>();
    for (String metric : chosen) {
      java.util.TreeMap<Double, List<Double>> byValue = new java.util.TreeMap<>();
      for (Map<String, Object> r : results) {
        if ("ok".equals(r.get("status")) && r.get(metric) instanceof Number m && Double.isFinite(m.doubleValue())) {
          byValue.computeIfAbsent(Double.parseDouble(String.valueOf(r.get(axis))), k -> new ArrayList<>())
              .add(m.doubleValue());
        }
      }
      if (byValue.isEmpty()) {
        continue;
      }
      int n = byValue.size();
      double[] x = new double[n];
      double[] mean = new double[n];
      double[] lo = new double[n];
      double[] hi = new double[n];
      int i = 0;
      for (Map.Entry<Double, List<Double>> e : byValue.entrySet()) {
        x[i] = e.getKey();
        mean[i] = e.getValue().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        lo[i] = e.getValue().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        hi[i] = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        i++;
      }
      panels.add(Chart.of(metric).xLabel(axis).yLabel(metric).legend(Chart.Legend.NONE)
          .add(Series.line("lowest", x, lo).color(Palette.series(0)).alpha(0.35).width(1))
          .add(Series.line("highest", x, hi).color(Palette.series(0)).alpha(0.35).width(1))
          .add(Series.line("mean", x, mean).markers(true).color(Palette.series(0)).width(2)));
    }
    if (!panels.isEmpty()) {
      Files.createDirectories(dir);
      int columns = Math.min(3, panels.size());
      Panels.write(dir.resolve("vs-" + axis + ".png"), panels, columns, 400, 320);
    }
  }

  private static void writeCsv(Path file, List<String> axes, Set<String> metrics, List<Map<String, Object>> results)
      throws IOException {
    List<String> header = new ArrayList<>(List.of("cell", "model"));
    header.addAll(axes);
    header.add("status");
    header.addAll(metrics);
    header.add("error");
    StringBuilder csv = new StringBuilder(String.join(",", header)).append('\n');
    for (Map<String, Object> r : results) {
      List<String> row = new ArrayList<>();
      for (String h : header) {
        Object v = r.get(h);
        row.add(v == null ? "" : quote(String.valueOf(v)));
      }
      csv.append(String.join(",", row)).append('\n');
    }
    StudyFiles.write(file, csv.toString());
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** Rows grouped by every axis but the seed; each metric as mean +- std over the group's finished cells. */
  private static void writeMarkdown(Path file, Grid grid, List<String> axes, Set<String> chosen,
      Set<String> metrics, List<Map<String, Object>> results) throws IOException {
    List<String> groupAxes = axes.stream().filter(a -> !a.equals("seed")).toList();
    List<String> shown = new ArrayList<>(chosen.stream().filter(metrics::contains).toList());
    COSTS.stream().filter(metrics::contains).forEach(shown::add);
    Map<List<String>, List<Map<String, Object>>> groups = new LinkedHashMap<>();
    for (Map<String, Object> r : results) {
      List<String> key = groupAxes.stream().map(a -> String.valueOf(r.get(a))).toList();
      groups.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
    }
    StringBuilder md = new StringBuilder();
    md.append("Study of `").append(grid.file().getFileName()).append("`: mean ± std over ")
        .append(axes.contains("seed") ? "seeds" : "cells").append(" (n = finished cells).\n\n");
    List<String> header = new ArrayList<>(groupAxes);
    header.addAll(shown);
    header.add("n");
    md.append("| ").append(String.join(" | ", header)).append(" |\n");
    md.append("|").append(" --- |".repeat(header.size())).append('\n');
    for (Map.Entry<List<String>, List<Map<String, Object>>> g : groups.entrySet()) {
      List<String> row = new ArrayList<>(g.getKey());
      List<Map<String, Object>> ok = g.getValue().stream().filter(r -> "ok".equals(r.get("status"))).toList();
      for (String m : shown) {
        row.add(meanStd(ok, m));
      }
      long failed = g.getValue().stream().filter(r -> "failed".equals(r.get("status"))).count();
      row.add(ok.size() + (failed > 0 ? " (" + failed + " failed)" : ""));
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    StudyFiles.write(file, md.toString());
  }

  static String meanStd(List<Map<String, Object>> rows, String metric) {
    double[] v = rows.stream().map(r -> r.get(metric)).filter(x -> x instanceof Number)
        .mapToDouble(x -> ((Number) x).doubleValue()).toArray();
    if (v.length == 0) {
      return "–";
    }
    double mean = java.util.Arrays.stream(v).average().orElseThrow();
    if (v.length == 1) {
      return format(mean);
    }
    double var = java.util.Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / (v.length - 1);
    return format(mean) + " ± " + format(Math.sqrt(var));
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e6) {
      return String.valueOf((long) v);
    }
    double a = Math.abs(v);
    return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.2e", v)
        : String.format(Locale.ROOT, "%.4g", v);
  }

  /**
   * For each chosen metric: one chart per value of the path axis (if any), a series per
   * value of the solver axis (else per remaining axes), points averaged over seeds, and the Pareto front.
   */
  private static void writePlots(Path dir, List<String> axes, Set<String> chosen, List<Map<String, Object>> results)
      throws IOException {
    String pathAxis = axes.stream().filter(a -> a.equals("path.type") || a.equals("path")).findFirst().orElse(null);
    String solverAxis = axes.stream().filter(a -> a.startsWith("solver")).findFirst().orElse(null);
    for (String metric : chosen) {
      Map<String, Map<String, Map<String, double[]>>> charts = new LinkedHashMap<>();
      for (Map<String, Object> r : results) {
        if (!"ok".equals(r.get("status")) || !(r.get(metric) instanceof Number m) || !(r.get("nfe") instanceof Number n)
            || m.doubleValue() <= 0) {
          continue;
        }
        String chart = pathAxis == null ? "all" : String.valueOf(r.get(pathAxis));
        String series = solverAxis != null ? seriesName(String.valueOf(r.get(solverAxis)))
            : String.join(" ", axes.stream().filter(a -> !a.equals("seed") && !a.equals(pathAxis))
                .map(a -> String.valueOf(r.get(a))).toList());
        String point = String.join("|", axes.stream().filter(a -> !a.equals("seed"))
            .map(a -> String.valueOf(r.get(a))).toList());
        double[] acc = charts.computeIfAbsent(chart, k -> new LinkedHashMap<>())
            .computeIfAbsent(series, k -> new LinkedHashMap<>()).computeIfAbsent(point, k -> new double[3]);
        acc[0] += n.doubleValue();
        acc[1] += m.doubleValue();
        acc[2]++;
      }
      for (Map.Entry<String, Map<String, Map<String, double[]>>> c : charts.entrySet()) {
        Chart chart = Chart.of(metric + " against NFE" + (pathAxis == null ? "" : " (" + c.getKey() + ")"))
            .xLabel("NFE (sampling)").yLabel(metric).logX().logY();
        List<double[]> all = new ArrayList<>();
        int color = 0;
        for (Map.Entry<String, Map<String, double[]>> s : c.getValue().entrySet()) {
          List<double[]> pts = new ArrayList<>();
          for (double[] acc : s.getValue().values()) {
            pts.add(new double[] {acc[0] / acc[2], acc[1] / acc[2]});
          }
          pts.sort((a, b) -> Double.compare(a[0], b[0]));
          all.addAll(pts);
          chart = chart.add(Series.line(s.getKey(), pts.stream().mapToDouble(p -> p[0]).toArray(),
              pts.stream().mapToDouble(p -> p[1]).toArray()).markers(true).color(Palette.series(color++)));
        }
        if (all.size() > 1) {
          chart = chart.add(Series.front("Pareto front", all.stream().mapToDouble(p -> p[0]).toArray(),
              all.stream().mapToDouble(p -> p[1]).toArray()).color(java.awt.Color.BLACK).width(1.5));
        }
        Files.createDirectories(dir);
        Path png = dir.resolve(metric + "-vs-nfe" + (pathAxis == null ? "" : "-" + c.getKey()) + ".png");
        StudyFiles.write(png, chart.png(720, 480));
      }
    }
  }

  /** "dopri5 rtol=1e-3" and "dopri5 rtol=1e-4" are one series; "rk4 steps=8" and "rk4 steps=16" likewise. */
  private static String seriesName(String solverLabel) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("type=([^ ]+)").matcher(solverLabel);
    return m.find() ? m.group(1) : solverLabel.split(" ")[0];
  }
}
