package org.flowmatch.spark;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.config.ExperimentConfig;

/**
 * A grid as plain strings, shipped to Spark executors, which need not see the grid's files: the base config as
 * YAML, the overrides and the axes. {@link #toGrid()} gives back a grid with the same cells (same ids, same
 * overrides), which a task runs as the local runner would.
 */
final class GridSpec implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final String name;
  private final String baseYaml;
  private final String baseOrigin;
  private final ArrayList<String> overrides;
  private final ArrayList<String> axisNames = new ArrayList<>();
  private final ArrayList<ArrayList<String>> axisLabels = new ArrayList<>();
  private final ArrayList<ArrayList<ArrayList<String>>> axisSettings = new ArrayList<>();

  private GridSpec(Grid grid) {
    this.file = grid.file().toString();
    this.name = grid.name();
    this.baseYaml = grid.base().toYaml();
    this.baseOrigin = grid.base().origin();
    this.overrides = new ArrayList<>(grid.overrides());
    for (Grid.Axis a : grid.axes()) {
      axisNames.add(a.name());
      axisLabels.add(new ArrayList<>(a.labels()));
      ArrayList<ArrayList<String>> settings = new ArrayList<>();
      a.settings().forEach(s -> settings.add(new ArrayList<>(s)));
      axisSettings.add(settings);
    }
  }

  /** The spec of {@code grid}; fails if the round trip through strings would change any cell. */
  static GridSpec of(Grid grid) {
    GridSpec spec = new GridSpec(grid);
    Grid back = spec.toGrid();
    if (!back.base().values().equals(grid.base().values())
        || !back.cells().stream().map(Grid.Cell::id).toList().equals(grid.cells().stream().map(Grid.Cell::id).toList())) {
      throw new IllegalStateException("the grid " + grid.file() + " does not survive being sent to executors");
    }
    return spec;
  }

  Grid toGrid() {
    List<Grid.Axis> axes = new ArrayList<>();
    for (int i = 0; i < axisNames.size(); i++) {
      List<List<String>> settings = axisSettings.get(i).stream().map(s -> (List<String>) List.copyOf(s)).toList();
      axes.add(new Grid.Axis(axisNames.get(i), List.copyOf(axisLabels.get(i)), settings));
    }
    return new Grid(Path.of(file), name, ExperimentConfig.parse(baseYaml, baseOrigin), List.copyOf(overrides),
        List.copyOf(axes));
  }
}
