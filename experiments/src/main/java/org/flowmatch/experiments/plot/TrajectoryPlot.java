package org.flowmatch.experiments.plot;

import java.awt.Color;

/**
 * Trajectories in the plane as a {@link Chart}: each path a thin, translucent line, its start and end points in two
 * palette colours, with equal aspect and the axes labelled x₁, x₂ (the data's coordinates). The chart can be changed further like any other.
 */
public final class TrajectoryPlot {

  /** The grey of the paths. */
  static final Color PATH = new Color(0x444444);

  private TrajectoryPlot() {}

  /** The chart of paths[n][T][2]: n trajectories of T points (x, y) each. */
  public static Chart of(String title, double[][][] paths) {
    int n = paths.length;
    int steps = checkedSteps(paths);
    double[] lx = new double[n * (steps + 1)];
    double[] ly = new double[n * (steps + 1)];
    double[][] starts = new double[n][];
    double[][] ends = new double[n][];
    for (int i = 0, k = 0; i < n; i++) {
      for (int t = 0; t < steps; t++, k++) {
        lx[k] = paths[i][t][0];
        ly[k] = paths[i][t][1];
      }
      lx[k] = Double.NaN;
      ly[k++] = Double.NaN;
      starts[i] = paths[i][0];
      ends[i] = paths[i][steps - 1];
    }
    double alpha = Math.max(0.05, Math.min(0.5, 4.0 / Math.sqrt(n)));
    return Chart.of(title).xLabel("x₁").yLabel("x₂").equalAspect()
        .add(Series.line(null, lx, ly).color(PATH).alpha(alpha).width(0.8))
        .add(Series.scatter("start", starts).size(4).alpha(0.8))
        .add(Series.scatter("end", ends).size(4).alpha(0.8));
  }

  /** The number of points per path, the same for all, each a pair (x, y). */
  static int checkedSteps(double[][][] paths) {
    if (paths.length == 0 || paths[0].length == 0) {
      throw new IllegalArgumentException("trajectories need at least one path of at least one point");
    }
    int steps = paths[0].length;
    for (int i = 0; i < paths.length; i++) {
      if (paths[i].length != steps) {
        throw new IllegalArgumentException("trajectory " + i + " has " + paths[i].length + " points, but trajectory 0"
            + " has " + steps);
      }
      for (int t = 0; t < steps; t++) {
        if (paths[i][t].length != 2) {
          throw new IllegalArgumentException("trajectory " + i + " point " + t + " has " + paths[i][t].length
              + " coordinates, not 2");
        }
      }
    }
    return steps;
  }
}
