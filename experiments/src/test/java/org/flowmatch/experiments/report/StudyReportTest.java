package org.flowmatch.experiments.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report page from hand-made cell results: every referenced image exists, every table carries the grid's
 * axes, and the intervals and paired differences are the ones computed by hand here (t(0.975, 2) = 4.302653).
 */
class StudyReportTest {
  private static final String GRID = """
      base: base.yaml
      axes:
        path.type: [condot, vp, cosine]
        train.coupling: [independent, ot]
        solver:
          - {label: "euler 8", solver.type: euler, solver.steps: 8}
          - {label: dopri5, solver.type: dopri5}
        seed: [0, 1, 2]
      """;

  private static Grid grid(Path dir, String text) throws IOException {
    Files.writeString(dir.resolve("base.yaml"), "data: {type: moons}\n");
    return Grid.load(Files.writeString(dir.resolve("grid.yaml"), text));
  }

  /** w2 = 1, 2, 3 (seeds 0..2) for independent and 0.5, 1.7, 2.4 for ot, plus 0.1 for vp and cosine and 0.01 per dopri5. */
  private static List<Map<String, Object>> results(Grid grid) {
    List<Map<String, Object>> out = new ArrayList<>();
    double[] independent = {1, 2, 3};
    double[] ot = {0.5, 1.7, 2.4};
    for (Grid.Cell c : grid.cells()) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("cell", c.id());
      r.putAll(c.labels());
      int seed = Integer.parseInt(c.labels().get("seed"));
      boolean isOt = c.labels().get("train.coupling").equals("ot");
      double shift = (c.labels().get("path.type").equals("condot") ? 0 : 0.1)
          + (c.labels().get("solver").equals("dopri5") ? 0.01 : 0);
      r.put("status", "ok");
      r.put("training", c.labels().get("path.type") + "-" + c.labels().get("train.coupling") + "-" + seed);
      r.put("nfe", c.labels().get("solver").equals("dopri5") ? 62 + seed : 8);
      r.put("w2", (isOt ? ot : independent)[seed] + shift);
      out.add(r);
    }
    return out;
  }

  @Test
  void intervalsAndSignificantFigures() {
    Interval i = Interval.of(new double[] {1, 2, 3});
    assertEquals(2.0, i.mean(), 1e-15);
    assertEquals(4.302653 / Math.sqrt(3), i.halfWidth(), 1e-6);
    assertEquals("2.00 ± 2.48", i.toString());
    Interval d = Interval.of(new double[] {-0.5, -0.3, -0.6});
    assertEquals(4.302653 * 0.1527525 / Math.sqrt(3), d.halfWidth(), 1e-6);
    assertTrue(d.excludesZero());
    assertEquals("0.500", Interval.sig3(0.5));
    assertEquals("1230", Interval.sig3(1234));
    assertEquals("68.0", Interval.sig3(68));
    assertEquals("0.00646", Interval.sig3(0.006459));
    assertEquals("1.51e-04", Interval.sig3(1.51e-4));
    assertEquals("1", Interval.of(new double[] {1}).toString().substring(0, 1));
    assertTrue(Double.isNaN(Interval.of(new double[] {1}).halfWidth()));
    assertNull(Interval.of(new double[] {Double.NaN}));
  }

  @Test
  void pageReferencesOnlyExistingImagesAndEveryTableHasTheAxes(@TempDir Path dir) throws IOException {
    Grid grid = grid(dir, GRID);
    Path study = Files.createDirectories(dir.resolve("study"));
    Files.copy(grid.file(), study.resolve("grid.yaml"));
    Path model = Files.createDirectories(study.resolve("models").resolve("condot-ot-0"));
    Files.writeString(model.resolve("loss.csv"), "step,loss\n1,2.0\n2,1.5\n3,1.2\n4,1.1\n");
    Path page = StudyReport.write(study, grid, PlotSpec.of(grid), results(grid));
    String html = Files.readString(page);

    Matcher img = Pattern.compile("<img src=\"([^\"]+)\"").matcher(html);
    int images = 0;
    while (img.find()) {
      assertTrue(Files.isRegularFile(study.resolve(img.group(1))), "missing image " + img.group(1));
      images++;
    }
    assertEquals(2, images, "the w2 figure and one loss curve");
    assertTrue(html.contains("report/w2-vs-nfe.png"));
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("<link")
        || html.contains("<script src"), "self-contained");

    // Each table names every axis but the seed: in its rows, its columns (the compare axis) or, for axes the metric
    // does not vary along, in the line above it.
    Matcher table = Pattern.compile("<h3 id=\"t-([^\"]+)\">(.*?)</table>", Pattern.DOTALL).matcher(html);
    List<String> metrics = new ArrayList<>();
    while (table.find()) {
      metrics.add(table.group(1));
      String t = table.group(2);
      for (String axis : List.of("path.type", "solver")) {
        assertTrue(t.contains("<th class=\"axis\">" + axis + "</th>")
            || t.contains("The same for every <code class=\"axis\">" + axis + "</code>"), table.group(1) + " lacks "
            + axis);
      }
      assertTrue(t.contains("train.coupling = independent") && t.contains("train.coupling = ot"), t);
      assertTrue(t.contains("ot − independent (paired)"), t);
    }
    assertEquals(List.of("w2", "nfe"), metrics, "the plotted metric first");
    assertTrue(html.contains("The same for every <code class=\"axis\">path.type</code>"), "nfe is the solver's");

    // condot, euler 8: independent 2.00 ± 2.48; ot mean 1.533 (best of the row); ot - independent per seed
    // -0.5, -0.3, -0.6: -0.467 ± 0.379, significant.
    String row = rowOf(html, "w2", "condot", "euler 8");
    assertTrue(row.contains(">2.00 ± 2.48<"), row);
    assertTrue(row.contains("class=\"best\" title=\"seed 0: 0.500; seed 1: 1.70; seed 2: 2.40\">1.53 ± "), row);
    assertTrue(row.contains("<td class=\"diff sig\">−0.467 ± 0.379 <span class=\"n\">(n = 3)</span>"), row);
  }

  @Test
  void plotsSectionIsCheckedAgainstTheAxes(@TempDir Path dir) throws IOException {
    ConfigException e = assertThrows(ConfigException.class, () -> PlotSpec.of(grid(dir,
        GRID + "plots: {series: [train.couplin]}\n")));
    assertTrue(e.getMessage().contains("plots.series names 'train.couplin', which is not an axis"), e.getMessage());
    e = assertThrows(ConfigException.class, () -> PlotSpec.of(grid(dir, GRID + "plots: {colour: red}\n")));
    assertTrue(e.getMessage().contains("unknown key 'plots.colour'"), e.getMessage());
    PlotSpec spec = PlotSpec.of(grid(dir, GRID + "plots: {metrics: [w2, nfe], series: [train.coupling, solver],"
        + " facets: [path.type], compare: path.type}\n"));
    assertEquals(List.of("w2", "nfe"), spec.metrics());
    assertEquals("path.type", spec.compare());
  }

  /** The HTML of the row of one metric's table whose first cells are these axis values. */
  private static String rowOf(String html, String metric, String... axes) {
    int start = html.indexOf("data-metric=\"" + metric + "\"");
    String table = html.substring(start, html.indexOf("</table>", start));
    StringBuilder prefix = new StringBuilder("<tr>");
    for (String a : axes) {
      prefix.append("<td class=\"axis\">").append(a).append("</td>");
    }
    int r = table.indexOf(prefix.toString());
    assertTrue(r >= 0, "no row " + prefix + " in " + table);
    return table.substring(r, table.indexOf("</tr>", r));
  }
}
