package org.flowmatch.spark;

import java.io.PrintStream;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.flowmatch.experiments.ablation.Grid;
import org.flowmatch.experiments.ablation.Study;
import org.flowmatch.experiments.run.StopSignal;

/**
 * One Spark task: the cells of one training group, run by {@link Study#execute} on the executor exactly as the
 * local runner runs them (the same configs, the same training key, the same files). Safe to retry: finished cells
 * are skipped, a half-trained model resumes from its checkpoint (bit-identically), and every file is written
 * atomically, so a second attempt rewrites nothing that the first finished.
 */
final class GroupTask implements Serializable {
  private static final long serialVersionUID = 1L;

  private final GridSpec grid;
  private final String key;
  private final ArrayList<Integer> cells;
  private final String dir;
  private final double cost;

  GroupTask(GridSpec grid, String key, List<Integer> cells, Path dir, double cost) {
    this.grid = grid;
    this.key = key;
    this.cells = new ArrayList<>(cells);
    this.dir = dir.toAbsolutePath().toString();
    this.cost = cost;
  }

  double cost() {
    return cost;
  }

  String key() {
    return key;
  }

  /** Runs the group; returns one line for the driver's log. */
  String run() throws InterruptedException {
    Grid g = grid.toGrid();
    List<Grid.Cell> all = g.cells();
    List<Grid.Cell> mine = cells.stream().map(all::get).toList();
    long start = System.nanoTime();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    new Study(g, Path.of(dir), 1, out, StopSignal.never()).execute(mine);
    return String.format(java.util.Locale.ROOT, "group %s: %d cells in %.1f s on %s", key, mine.size(),
        (System.nanoTime() - start) / 1e9, ManagementFactory.getRuntimeMXBean().getName());
  }
}
