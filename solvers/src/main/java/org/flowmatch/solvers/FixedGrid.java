package org.flowmatch.solvers;

import java.util.Arrays;
import org.flowmatch.core.Checks;

/**
 * Fixed steps: a number of equal steps, a step size, or an explicit grid of times in [0, 1].
 *
 * <p>A solve from t0 to t1 with an explicit grid steps through the grid points strictly between t0 and t1 (in the
 * direction of the solve), so one grid, say finer near t = 1, serves sampling and likelihood alike.
 */
public record FixedGrid(int steps, double stepSize, double[] grid) implements StepControl {

  public FixedGrid {
    grid = grid == null ? null : grid.clone();
  }

  /** {@code n} equal steps between t0 and t1. */
  public static FixedGrid steps(int n) {
    return new FixedGrid(Checks.positive(n, "steps"), 0, null);
  }

  /** Steps of size {@code h}; the last one is shortened to end on t1. */
  public static FixedGrid stepSize(double h) {
    return new FixedGrid(0, Checks.positive(h, "step_size"), null);
  }

  /** An explicit grid: strictly monotone times in [0, 1]. */
  public static FixedGrid grid(double... times) {
    if (times == null || times.length < 2) {
      throw new IllegalArgumentException("grid must hold at least 2 times, got "
          + (times == null ? "null" : Arrays.toString(times)));
    }
    for (int i = 0; i < times.length; i++) {
      Checks.time(times[i], "grid[" + i + "]");
    }
    double sign = Math.signum(times[1] - times[0]);
    for (int i = 1; i < times.length; i++) {
      if (sign == 0 || Math.signum(times[i] - times[i - 1]) != sign) {
        throw new IllegalArgumentException("grid must be strictly monotone, but grid[" + (i - 1) + "] = "
            + times[i - 1] + " and grid[" + i + "] = " + times[i]);
      }
    }
    return new FixedGrid(0, 0, times);
  }

  /** The times of a solve from {@code t0} to {@code t1}, both included. */
  double[] times(double t0, double t1) {
    double span = t1 - t0;
    if (grid != null) {
      double dir = Math.signum(span);
      double[] inside = Arrays.stream(grid).filter(t -> (t - t0) * dir > 0 && (t1 - t) * dir > 0)
          .sorted().toArray();
      double[] times = new double[inside.length + 2];
      times[0] = t0;
      times[times.length - 1] = t1;
      for (int i = 0; i < inside.length; i++) {
        times[i + 1] = dir > 0 ? inside[i] : inside[inside.length - 1 - i];
      }
      return times;
    }
    int n = steps > 0 ? steps : (int) Math.max(1, Math.ceil(Math.abs(span) / stepSize - 1e-9));
    double h = steps > 0 ? span / n : Math.copySign(stepSize, span);
    double[] times = new double[n + 1];
    for (int i = 0; i < n; i++) {
      times[i] = steps > 0 ? t0 + span * i / n : t0 + h * i;
    }
    times[n] = t1;
    return times;
  }

  @Override
  public String toString() {
    return grid != null ? "grid" + Arrays.toString(grid) : steps > 0 ? steps + " steps" : "step size " + stepSize;
  }
}
