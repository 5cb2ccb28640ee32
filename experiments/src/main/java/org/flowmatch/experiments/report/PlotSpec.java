package org.flowmatch.experiments.report;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.config.ConfigException;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * What a study report plots and compares, from the grid's optional {@code plots:} section:
 *
 * <pre>
 * plots:
 *   metrics: [w2, nll_nats]     # one figure per metric (default: w2 if the cells report it, else the first metric)
 *   x: nfe                      # the x axis: a metric (default nfe)
 *   series: [train.coupling]    # one line per combination of these axes (default: the non-seed axes left over)
 *   facets: [path.type]         # one panel per combination of these (default: the first of three or more axes)
 *   compare: train.coupling     # the tables' column axis; differences are against its first value
 * </pre>
 *
 * Axes not named in series or facets (besides the seed) are the points along x: a solver axis gives one point per
 * solver on each line.
 *
 * @param metrics the metrics to plot (empty: the default)
 * @param x the metric on the x axis
 * @param series axes whose combinations are the lines, or null for the default
 * @param facets axes whose combinations are the panels, or null for the default
 * @param compare the axis the tables put in columns, or null for the default
 */
public record PlotSpec(List<String> metrics, String x, List<String> series, List<String> facets, String compare) {

  /** The axis over which intervals are taken: values of the same setting under different seeds. */
  public static final String SEED = "seed";

  /** Everything by default. */
  public static PlotSpec defaults() {
    return new PlotSpec(List.of(), "nfe", null, null, null);
  }

  /** The spec of a grid file's {@code plots:} section (read again here, so the grid itself stays as it is). */
  public static PlotSpec of(Grid grid) {
    Object doc;
    try {
      doc = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(grid.file()));
    } catch (IOException e) {
      throw new ConfigException(grid.file() + ": cannot be read (" + e.getMessage() + ")");
    }
    Object section = doc instanceof Map<?, ?> m ? m.get("plots") : null;
    return parse(section, grid.axes().stream().map(Grid.Axis::name).toList(), grid.file().toString());
  }

  /**
   * The spec of a grid's {@code plots:} value ({@code null}: the defaults), checked against the grid's axes.
   *
   * @param where the grid file, for errors
   * @throws ConfigException naming the key and the value when it is wrong
   */
  public static PlotSpec parse(Object section, List<String> axes, String where) {
    if (section == null) {
      return defaults();
    }
    if (!(section instanceof Map<?, ?> map)) {
      throw new ConfigException(where + ": plots must be a mapping with metrics, x, series, facets and compare");
    }
    for (Object key : map.keySet()) {
      if (!List.of("metrics", "x", "series", "facets", "compare").contains(key)) {
        throw new ConfigException(where + ": unknown key 'plots." + key
            + "'; plots has metrics, x, series, facets and compare");
      }
    }
    List<String> metrics = strings(map.get("metrics"), "plots.metrics", where);
    String x = map.get("x") == null ? "nfe" : String.valueOf(map.get("x"));
    List<String> series = map.containsKey("series") ? axes(map.get("series"), "plots.series", axes, where) : null;
    List<String> facets = map.containsKey("facets") ? axes(map.get("facets"), "plots.facets", axes, where) : null;
    String compare = null;
    if (map.get("compare") != null) {
      compare = String.valueOf(map.get("compare"));
      if (!axes.contains(compare) || compare.equals(SEED)) {
        throw new ConfigException(where + ": plots.compare = '" + compare + "' is not an axis of the grid (axes: "
            + axes + ", the seed excluded)");
      }
    }
    if (series != null && facets != null) {
      for (String s : series) {
        if (facets.contains(s)) {
          throw new ConfigException(where + ": axis '" + s + "' is in both plots.series and plots.facets");
        }
      }
    }
    return new PlotSpec(metrics, x, series, facets, compare);
  }

  private static List<String> axes(Object value, String key, List<String> axes, String where) {
    List<String> names = strings(value, key, where);
    for (String n : names) {
      if (!axes.contains(n) || n.equals(SEED)) {
        throw new ConfigException(where + ": " + key + " names '" + n + "', which is not an axis of the grid (axes: "
            + axes + ", the seed excluded)");
      }
    }
    return names;
  }

  private static List<String> strings(Object value, String key, String where) {
    if (value == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(v -> out.add(String.valueOf(v)));
    } else if (value instanceof String s) {
      out.add(s);
    } else {
      throw new ConfigException(where + ": " + key + " must be a name or a list of names, not " + value);
    }
    return List.copyOf(out);
  }
}
