package org.flowmatch.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.plot.Chart;
import org.flowmatch.experiments.plot.Palette;
import org.flowmatch.experiments.plot.Panels;
import org.flowmatch.experiments.plot.Series;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunPlots;
import org.flowmatch.experiments.ablation.StudyFiles;

/**
 * A study's report page, {@code STUDY/index.html}: self-contained (inline CSS, no script or font from the network;
 * its images lie beside it in {@code report/} and {@code models/}), made from the cells' results alone.
 *
 * <ul>
 *   <li>the grid and its provenance (the grid file, the base config, the manifest);
 *   <li>one table per metric: rows are the combinations of the non-seed axes but one, columns the values of that
 *       one (the compare axis), each entry the mean over seeds with its 95% t interval, the best (lowest) per row
 *       marked; then the paired differences of each value against the first, over the seeds both have;
 *   <li>faceted plots of metrics against x (NFE by default), one line per series, error bars the 95% intervals;
 *   <li>one card per trained model: its loss curve, its samples beside the data, links to its files.
 * </ul>
 *
 * Every metric here is better lower (errors, divergences, NLL, costs, path energy), which is what "best" marks.
 */
public final class StudyReport {
  /** Keys of a cell's result that are bookkeeping, not metrics. */
  private static final Set<String> NOT_METRICS = Set.of("cell", "status", "error", "training", "model");

  private final Path dir;
  private final Grid grid;
  private final PlotSpec spec;
  private final List<Map<String, Object>> results;
  private final List<String> axes;
  private final List<String> settingAxes;
  private final List<String> metrics;
  private final Map<String, Double> constants;
  private final String compare;

  private StudyReport(Path dir, Grid grid, PlotSpec spec, List<Map<String, Object>> results) {
    this.dir = dir;
    this.grid = grid;
    this.spec = spec;
    this.results = results;
    this.axes = grid.axes().stream().map(Grid.Axis::name).toList();
    this.settingAxes = axes.stream().filter(a -> !a.equals(PlotSpec.SEED)).toList();
    Set<String> m = new LinkedHashSet<>();
    for (Map<String, Object> r : results) {
      r.forEach((k, v) -> {
        if (v instanceof Number && !axes.contains(k) && !NOT_METRICS.contains(k)) {
          m.add(k);
        }
      });
    }
    // A value that every finished cell shares (a count such as samples) is said once, not tabulated.
    this.constants = new LinkedHashMap<>();
    for (String k : m) {
      Set<Object> values = results.stream().filter(r -> "ok".equals(r.get("status")) && r.get(k) instanceof Number)
          .map(r -> (Object) ((Number) r.get(k)).doubleValue()).collect(Collectors.toSet());
      if (values.size() == 1 && results.stream().filter(r -> "ok".equals(r.get("status"))).count() > 1
          && !spec.metrics().contains(k)) {
        constants.put(k, (Double) values.iterator().next());
      }
    }
    m.removeAll(constants.keySet());
    this.metrics = List.copyOf(m);
    this.compare = spec.compare() != null ? spec.compare() : settingAxes.stream()
        .filter(a -> values(a).size() >= 2)
        .min(Comparator.comparingInt(a -> values(a).size())).orElse(null);
  }

  /**
   * Writes {@code dir/index.html} and its plots into {@code dir/report/}; returns the page.
   *
   * @param results one map per cell: the axis labels by axis name, {@code status}, {@code training} (the model's
   *     key under {@code models/}) and the metrics
   */
  public static Path write(Path dir, Grid grid, PlotSpec spec, List<Map<String, Object>> results)
      throws IOException {
    return new StudyReport(dir, grid, spec, results).write();
  }

  private Path write() throws IOException {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>Study ")
        .append(esc(grid.name())).append("</title>\n<style>").append(CSS).append("</style></head><body>\n");
    html.append("<h1>Study <code>").append(esc(grid.name())).append("</code></h1>\n");
    overview(html);
    html.append("<h2 id=\"tables\">Tables</h2>\n<p class=\"note\">Each entry: mean ± half-width of the 95% confidence"
        + " interval over seeds (Student's t, n − 1 degrees of freedom), three significant figures; hover for the"
        + " values per seed. <span class=\"best\">Marked</span>: the lowest mean of its row (every metric here is"
        + " better lower). Differences are paired: per seed, then averaged, over the seeds both settings have;"
        + " <span class=\"sig\">bold</span> when the interval excludes 0.</p>\n");
    if (!constants.isEmpty()) {
      html.append("<p class=\"note\">The same in every finished cell: ").append(esc(constants.entrySet().stream()
          .map(c -> c.getKey() + " = " + Interval.sig3(c.getValue())).collect(Collectors.joining(", "))))
          .append(".</p>\n");
    }
    List<String> first = plotted().stream().filter(metrics::contains).toList();
    for (String metric : first) {
      table(html, metric);
    }
    if (first.size() < metrics.size()) {
      html.append("<details").append(first.isEmpty() ? " open" : "").append("><summary>")
          .append(first.isEmpty() ? "Every metric" : "The other metrics").append(" (")
          .append(metrics.size() - first.size()).append(")</summary>\n");
      for (String metric : metrics) {
        if (!first.contains(metric)) {
          table(html, metric);
        }
      }
      html.append("</details>\n");
    }
    plots(html);
    cards(html);
    html.append("</body></html>\n");
    Path page = dir.resolve("index.html");
    StudyFiles.write(page, html.toString());
    return page;
  }

  // ------------------------------------------------------------------------------------------------ overview

  private void overview(StringBuilder html) throws IOException {
    long ok = results.stream().filter(r -> "ok".equals(r.get("status"))).count();
    html.append("<p>").append(results.size()).append(" cells, ").append(ok).append(" finished");
    List<Map<String, Object>> failed = results.stream().filter(r -> "failed".equals(r.get("status"))).toList();
    if (!failed.isEmpty()) {
      html.append(", <span class=\"bad\">").append(failed.size()).append(" failed</span>");
    }
    html.append(". Files: <a href=\"results.csv\">results.csv</a>, <a href=\"grid.yaml\">grid.yaml</a>");
    if (Files.exists(dir.resolve("manifest.json"))) {
      html.append(", <a href=\"manifest.json\">manifest.json</a>");
    }
    html.append(".</p>\n<table class=\"grid\"><tr><th>axis</th><th>values</th></tr>\n");
    for (Grid.Axis a : grid.axes()) {
      html.append("<tr><td><code>").append(esc(a.name())).append("</code></td><td>")
          .append(a.labels().stream().map(StudyReport::esc).collect(Collectors.joining(", "))).append("</td></tr>\n");
    }
    html.append("</table>\n");
    if (!failed.isEmpty()) {
      html.append("<details open><summary>Failed cells</summary><ul>\n");
      for (Map<String, Object> r : failed) {
        html.append("<li><code>").append(esc(String.valueOf(r.get("cell")))).append("</code> ")
            .append(esc(label(r, settingAxes))).append(": ").append(esc(String.valueOf(r.get("error"))))
            .append("</li>\n");
      }
      html.append("</ul></details>\n");
    }
    html.append("<details><summary>Provenance: the grid, its base config and the manifest</summary>\n");
    Path gridFile = Files.exists(dir.resolve("grid.yaml")) ? dir.resolve("grid.yaml") : grid.file();
    html.append("<h4>grid.yaml</h4><pre>").append(esc(Files.readString(gridFile))).append("</pre>\n");
    html.append("<h4>base config (").append(esc(grid.base().origin())).append(")</h4><pre>")
        .append(esc(grid.base().toYaml())).append("</pre>\n");
    Path manifest = dir.resolve("manifest.json");
    if (Files.exists(manifest)) {
      html.append("<h4>manifest.json</h4><pre>").append(esc(Files.readString(manifest))).append("</pre>\n");
    }
    html.append("</details>\n");
  }

  // -------------------------------------------------------------------------------------------------- tables

  /**
   * One metric's table. Axes along which the metric does not change (a model's NLL under two sampling solvers)
   * are left out of its rows, so that each value appears once.
   */
  private void table(StringBuilder html, String metric) {
    List<String> rowAxes = settingAxes.stream().filter(a -> !a.equals(compare) && variesAlong(metric, a)).toList();
    List<String> columns = compare == null ? List.of("") : values(compare);
    html.append("<h3 id=\"t-").append(esc(metric)).append("\"><code>").append(esc(metric)).append("</code></h3>\n");
    List<String> constant = settingAxes.stream().filter(a -> !a.equals(compare) && !rowAxes.contains(a)).toList();
    if (!constant.isEmpty()) {
      html.append("<p class=\"same\">The same for every ").append(constant.stream()
          .map(a -> "<code class=\"axis\">" + esc(a) + "</code>").collect(Collectors.joining(" and ")))
          .append(" (its cells share the value).</p>\n");
    }
    html.append("<table class=\"metric\" data-metric=\"").append(esc(metric)).append("\"><tr>");
    for (String a : rowAxes) {
      html.append("<th class=\"axis\">").append(esc(a)).append("</th>");
    }
    for (String c : columns) {
      html.append("<th>").append(compare == null ? esc(metric) : esc(compare) + " = " + esc(c)).append("</th>");
    }
    for (int k = 1; k < columns.size(); k++) {
      html.append("<th class=\"diff\">").append(esc(columns.get(k))).append(" − ").append(esc(columns.get(0)))
          .append(" (paired)</th>");
    }
    html.append("</tr>\n");
    List<List<String>> rows = combinations(rowAxes);
    Map<List<String>, Interval[]> cells = new LinkedHashMap<>();
    for (List<String> row : rows) {
      Interval[] line = new Interval[columns.size()];
      boolean any = false;
      for (int k = 0; k < columns.size(); k++) {
        line[k] = Interval.of(seedValues(metric, rowAxes, row, columns.get(k)).values().stream()
            .mapToDouble(Double::doubleValue).toArray());
        any |= line[k] != null;
      }
      if (any) {
        cells.put(row, line);
      }
    }
    // Without a compare axis the rows are the only settings: the best is the lowest row.
    double bestOverall = cells.values().stream().filter(l -> l[0] != null).mapToDouble(l -> l[0].mean()).min()
        .orElse(Double.NaN);
    for (Map.Entry<List<String>, Interval[]> e : cells.entrySet()) {
      List<String> row = e.getKey();
      Interval[] line = e.getValue();
      double best = compare == null ? bestOverall : java.util.Arrays.stream(line).filter(i -> i != null)
          .mapToDouble(Interval::mean).min().orElse(Double.NaN);
      html.append("<tr>");
      for (String v : row) {
        html.append("<td class=\"axis\">").append(esc(v)).append("</td>");
      }
      for (int k = 0; k < columns.size(); k++) {
        Interval i = line[k];
        Map<String, Double> perSeed = seedValues(metric, rowAxes, row, columns.get(k));
        if (i == null) {
          html.append("<td>–</td>");
          continue;
        }
        boolean isBest = i.mean() == best && (compare != null ? columns.size() > 1 : cells.size() > 1);
        html.append("<td").append(isBest ? " class=\"best\"" : "").append(" title=\"")
            .append(esc(perSeed.entrySet().stream().map(s -> "seed " + s.getKey() + ": " + Interval.sig3(s.getValue()))
                .collect(Collectors.joining("; ")))).append("\">").append(esc(i.toString()))
            .append(i.n() > 1 ? "" : " <span class=\"n\">(n = 1)</span>").append("</td>");
      }
      for (int k = 1; k < columns.size(); k++) {
        Map<String, Double> base = seedValues(metric, rowAxes, row, columns.get(0));
        Map<String, Double> other = seedValues(metric, rowAxes, row, columns.get(k));
        double[] diffs = other.entrySet().stream().filter(s -> base.containsKey(s.getKey()))
            .mapToDouble(s -> s.getValue() - base.get(s.getKey())).toArray();
        Interval d = Interval.of(diffs);
        html.append(d == null ? "<td class=\"diff\">–</td>" : "<td class=\"diff" + (d.excludesZero() ? " sig" : "")
            + "\">" + esc(signed(d)) + " <span class=\"n\">(n = " + d.n() + ")</span></td>");
      }
      html.append("</tr>\n");
    }
    html.append("</table>\n");
  }

  /** Whether some two finished cells that differ only in {@code axis} have different values of the metric. */
  private boolean variesAlong(String metric, String axis) {
    List<String> others = axes.stream().filter(a -> !a.equals(axis)).toList();
    Map<List<String>, Set<Object>> seen = new LinkedHashMap<>();
    for (Map<String, Object> r : results) {
      if ("ok".equals(r.get("status")) && r.get(metric) instanceof Number n) {
        List<String> key = others.stream().map(a -> String.valueOf(r.get(a))).toList();
        Set<Object> values = seen.computeIfAbsent(key, k -> new LinkedHashSet<>());
        values.add(n.doubleValue());
        if (values.size() > 1) {
          return true;
        }
      }
    }
    return false;
  }

  /** The metrics the plots show: the grid's {@code plots.metrics}, else w2 when reported, else the first. */
  private List<String> plotted() {
    return !spec.metrics().isEmpty() ? spec.metrics()
        : metrics.contains("w2") ? List.of("w2") : metrics.isEmpty() ? List.of() : List.of(metrics.get(0));
  }

  /** The metric's value per seed label for one setting: the row's axis values and the compare axis's value. */
  private Map<String, Double> seedValues(String metric, List<String> rowAxes, List<String> row, String column) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map<String, Object> r : results) {
      if (!"ok".equals(r.get("status")) || !(r.get(metric) instanceof Number n)) {
        continue;
      }
      boolean match = compare == null || column.equals(String.valueOf(r.get(compare)));
      for (int a = 0; a < rowAxes.size() && match; a++) {
        match = row.get(a).equals(String.valueOf(r.get(rowAxes.get(a))));
      }
      if (match) {
        out.put(axes.contains(PlotSpec.SEED) ? String.valueOf(r.get(PlotSpec.SEED)) : String.valueOf(r.get("cell")),
            n.doubleValue());
      }
    }
    return out;
  }

  private static String signed(Interval d) {
    String s = d.toString();
    return d.mean() > 0 ? "+" + s : s.replaceFirst("^-", "−");
  }

  // --------------------------------------------------------------------------------------------------- plots

  private void plots(StringBuilder html) throws IOException {
    List<String> chosen = plotted();
    List<String> facets = spec.facets() != null ? spec.facets()
        : settingAxes.size() >= 3 ? List.of(settingAxes.get(0)) : List.of();
    List<String> pointAxes;
    List<String> series;
    if (spec.series() != null) {
      series = spec.series();
      pointAxes = settingAxes.stream().filter(a -> !facets.contains(a) && !series.contains(a)).toList();
    } else {
      pointAxes = settingAxes.stream().filter(a -> !facets.contains(a)
          && spec.x().equals("nfe") && a.startsWith("solver")).toList();
      series = settingAxes.stream().filter(a -> !facets.contains(a) && !pointAxes.contains(a)).toList();
    }
    html.append("<h2 id=\"plots\">Plots</h2>\n<p class=\"note\">").append(esc(String.join(", ", chosen)))
        .append(" against ").append(esc(spec.x())).append("; one line per ")
        .append(series.isEmpty() ? "study" : esc(String.join(" × ", series)))
        .append(facets.isEmpty() ? "" : ", one panel per " + esc(String.join(" × ", facets)))
        .append(pointAxes.isEmpty() ? "" : ", points along the line: " + esc(String.join(" × ", pointAxes)))
        .append("; markers are means over seeds, bars their 95% intervals. Chosen by the grid's <code>plots:</code>"
            + " section (metrics, x, series, facets).</p>\n");
    Path reportDir = Files.createDirectories(dir.resolve("report"));
    for (String metric : chosen) {
      if (!metrics.contains(metric) || !metrics.contains(spec.x())) {
        html.append("<p class=\"bad\">No cell reports <code>").append(esc(metrics.contains(metric) ? spec.x() : metric))
            .append("</code>; reported: ").append(esc(String.join(", ", metrics))).append(".</p>\n");
        continue;
      }
      List<Chart> charts = new ArrayList<>();
      for (List<String> facet : combinations(facets)) {
        Chart chart = facetChart(metric, facets, facet, series, pointAxes);
        if (chart != null) {
          charts.add(chart);
        }
      }
      if (charts.isEmpty()) {
        continue;
      }
      String file = "report/" + metric + "-vs-" + spec.x() + ".png";
      Panels.write(reportDir.resolve(metric + "-vs-" + spec.x() + ".png"), charts, Math.min(3, charts.size()), 520,
          400);
      html.append("<h3><code>").append(esc(metric)).append("</code> against <code>").append(esc(spec.x()))
          .append("</code></h3>\n");
      html.append("<figure><img src=\"").append(esc(file)).append("\" alt=\"").append(esc(metric))
          .append(" against ").append(esc(spec.x())).append("\"></figure>\n");
    }
  }

  private Chart facetChart(String metric, List<String> facets, List<String> facet, List<String> series,
      List<String> pointAxes) {
    List<Map<String, Object>> inFacet = results.stream().filter(r -> "ok".equals(r.get("status"))
        && matches(r, facets, facet)).toList();
    if (inFacet.isEmpty()) {
      return null;
    }
    Chart chart = Chart.of(facets.isEmpty() ? metric : label(facets, facet)).xLabel(spec.x())
        .yLabel(metric + " (mean, 95% CI)");
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = 0;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = 0;
    double lowestBar = Double.POSITIVE_INFINITY;
    int color = 0;
    for (List<String> s : combinations(series)) {
      List<double[]> points = new ArrayList<>();
      for (List<String> p : combinations(pointAxes)) {
        List<Map<String, Object>> cells = inFacet.stream().filter(r -> matches(r, series, s)
            && matches(r, pointAxes, p)).toList();
        Interval x = Interval.of(cells.stream().mapToDouble(r -> number(r, spec.x())).toArray());
        Interval y = Interval.of(cells.stream().mapToDouble(r -> number(r, metric)).toArray());
        if (x != null && y != null) {
          double hw = Double.isFinite(y.halfWidth()) ? y.halfWidth() : 0;
          points.add(new double[] {x.mean(), y.mean(), y.mean() - hw, y.mean() + hw});
        }
      }
      if (points.isEmpty()) {
        color++;
        continue;
      }
      points.sort(Comparator.comparingDouble(p -> p[0]));
      java.awt.Color c = Palette.series(color++);
      chart = chart.add(Series.line(series.isEmpty() ? metric : String.join(", ", s),
          points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray())
          .markers(true).color(c).width(1.8));
      double[] bx = new double[points.size() * 3];
      double[] by = new double[points.size() * 3];
      for (int i = 0; i < points.size(); i++) {
        double[] p = points.get(i);
        bx[3 * i] = p[0];
        bx[3 * i + 1] = p[0];
        bx[3 * i + 2] = Double.NaN;
        by[3 * i] = p[2];
        by[3 * i + 1] = p[3];
        by[3 * i + 2] = Double.NaN;
        xMin = Math.min(xMin, p[0]);
        xMax = Math.max(xMax, p[0]);
        yMin = Math.min(yMin, p[1]);
        yMax = Math.max(yMax, p[1]);
        lowestBar = Math.min(lowestBar, p[2]);
      }
      chart = chart.add(Series.line(null, bx, by).color(c).width(1.2));
    }
    if (xMin > 0 && xMax / xMin >= 8) {
      chart = chart.logX();
    }
    // Log y when the means span a factor of 20 and no interval reaches 0 (which a log axis cannot show).
    if (lowestBar > 0 && yMax / yMin >= 20) {
      chart = chart.logY();
    }
    return chart;
  }

  // --------------------------------------------------------------------------------------------------- cards

  private void cards(StringBuilder html) throws IOException {
    Map<String, List<Map<String, Object>>> byModel = new LinkedHashMap<>();
    for (Map<String, Object> r : results) {
      Object key = r.get("model") != null ? r.get("model") : r.get("training");
      if (key != null && !"none".equals(key)) {
        byModel.computeIfAbsent(String.valueOf(key), k -> new ArrayList<>()).add(r);
      }
    }
    if (byModel.isEmpty()) {
      return;
    }
    html.append("<h2 id=\"models\">Trained models</h2>\n<p class=\"note\">One card per trained model (cells that"
        + " differ only in how they sample or measure share one): its training loss and its samples beside the"
        + " data.</p>\n<div class=\"cards\">\n");
    for (Map.Entry<String, List<Map<String, Object>>> m : byModel.entrySet()) {
      Path modelDir = dir.resolve("models").resolve(m.getKey());
      String rel = "models/" + m.getKey() + "/";
      Path lossCsv = modelDir.resolve("loss.csv");
      Path lossPng = modelDir.resolve("loss.png");
      if (Files.exists(lossCsv) && !Files.exists(lossPng)) {
        RunPlots.lossChart(lossCsv).write(lossPng, 560, 340);
      }
      List<String> shared = axes.stream().filter(a -> m.getValue().stream().map(r -> String.valueOf(r.get(a)))
          .distinct().count() == 1).toList();
      html.append("<div class=\"card\"><h3>").append(esc(shared.stream()
              .map(a -> a + " = " + m.getValue().get(0).get(a)).collect(Collectors.joining(", "))))
          .append("</h3><p class=\"files\">model <code>").append(esc(m.getKey())).append("</code></p>\n")
          .append("<div class=\"imgs\">");
      for (String img : List.of("loss.png", "samples.png")) {
        if (Files.exists(modelDir.resolve(img))) {
          html.append("<a href=\"").append(esc(rel + img)).append("\"><img src=\"").append(esc(rel + img))
              .append("\" alt=\"").append(esc(img)).append(" of ").append(esc(m.getKey())).append("\"></a>");
        }
      }
      html.append("</div><p class=\"files\">");
      List<String> links = new ArrayList<>();
      for (String f : List.of("config.yaml", "loss.csv", "checkpoint.zip", "samples.csv")) {
        if (Files.exists(modelDir.resolve(f))) {
          links.add("<a href=\"" + esc(rel + f) + "\">" + esc(f) + "</a>");
        }
      }
      html.append(String.join(" · ", links)).append("</p></div>\n");
    }
    html.append("</div>\n");
  }

  // ------------------------------------------------------------------------------------------------- helpers

  /** The labels of an axis in grid order. */
  private List<String> values(String axis) {
    return grid.axes().stream().filter(a -> a.name().equals(axis)).findFirst().orElseThrow().labels().stream()
        .distinct().toList();
  }

  /** Every combination of the axes' values, the last varying fastest; one empty combination for no axes. */
  private List<List<String>> combinations(List<String> names) {
    List<List<String>> out = new ArrayList<>();
    out.add(List.of());
    for (String name : names) {
      List<List<String>> next = new ArrayList<>();
      for (List<String> prefix : out) {
        for (String v : values(name)) {
          List<String> c = new ArrayList<>(prefix);
          c.add(v);
          next.add(List.copyOf(c));
        }
      }
      out = next;
    }
    return out;
  }

  private static boolean matches(Map<String, Object> r, List<String> names, List<String> values) {
    for (int i = 0; i < names.size(); i++) {
      if (!values.get(i).equals(String.valueOf(r.get(names.get(i))))) {
        return false;
      }
    }
    return true;
  }

  private static double number(Map<String, Object> r, String key) {
    return r.get(key) instanceof Number n ? n.doubleValue() : Double.NaN;
  }

  private static String label(List<String> names, List<String> values) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      parts.add(names.get(i) + " = " + values.get(i));
    }
    return String.join(", ", parts);
  }

  private static String label(Map<String, Object> r, List<String> names) {
    return names.stream().map(a -> a + " = " + r.get(a)).collect(Collectors.joining(", "));
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static final String CSS = """
      body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px auto;max-width:1320px;\
      padding:0 16px;color:#222}
      h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd}h3{font-size:15px;\
      margin:22px 0 6px}
      table{border-collapse:collapse;margin:6px 0 14px}th,td{border:1px solid #ddd;padding:3px 9px;text-align:right;\
      font-variant-numeric:tabular-nums}th{background:#f4f4f4}th.axis,td.axis{text-align:left}
      td.best{background:#e3f2e1;font-weight:600}td.diff{background:#fafafa}td.sig{font-weight:700}
      span.best{background:#e3f2e1;font-weight:600;padding:0 3px}span.sig{font-weight:700}
      .n{color:#888;font-size:12px}.same{color:#555;margin:0;font-size:13px}.note{color:#555}.bad{color:#b00}
      table.grid td{text-align:left}pre{background:#f7f7f7;padding:8px;overflow:auto;font-size:12px}
      figure{margin:8px 0}figure img{max-width:100%}
      .cards{display:flex;flex-wrap:wrap;gap:14px}.card{border:1px solid #ddd;border-radius:6px;padding:8px 12px;\
      width:620px}.card h3{margin:4px 0}.imgs img{width:300px;margin-right:6px;vertical-align:top}\
      .files{font-size:12px}
      """;
}
