package org.flowmatch.experiments.metrics;

/**
 * How straight the sample paths of a flow are, from trajectories {@code double[n][T][d]} (entry [i][k] is sample
 * i at time {@code times[k]}) at increasing times from t_0 = 0 to t_{T-1} = 1, as {@code Trajectories} records
 * them.
 *
 * <p>Straight paths matter because an ODE solver integrates them exactly in one step; the optimal transport map
 * moves every point along a straight line at constant speed, and its path energy E int_0^1 |dx/dt|^2 dt is the
 * least possible, W_2^2 between the start and end distributions (Benamou-Brenier).
 */
public final class Straightness {
  private Straightness() {}

  /** {@code count} equally spaced times i / (count - 1), from exactly 0 to exactly 1. */
  public static double[] uniformTimes(int count) {
    if (count < 2) {
      throw new IllegalArgumentException("count must be at least 2, got " + count);
    }
    double[] t = new double[count];
    for (int i = 0; i < count; i++) {
      t[i] = (double) i / (count - 1);
    }
    return t;
  }

  /**
   * The mean path energy E int_0^1 |dx/dt|^2 dt, approximated by finite differences as
   * sum_k |x_{k+1} - x_k|^2 / (t_{k+1} - t_k): the energy of the piecewise-linear path through the samples at
   * constant speed on each segment. It is exact for such paths and otherwise a lower bound (by Cauchy-Schwarz per
   * segment) that converges as the time grid is refined.
   *
   * @throws IllegalArgumentException if the trajectories or times are invalid (see {@link #dimension})
   */
  public static double pathEnergy(double[][][] trajectories, double[] times) {
    dimension(trajectories, times);
    int T = times.length;
    double total = 0;
    for (double[][] path : trajectories) {
      double energy = 0;
      for (int k = 0; k + 1 < T; k++) {
        energy += squaredDistance(path[k + 1], path[k]) / (times[k + 1] - times[k]);
      }
      total += energy;
    }
    return total / trajectories.length;
  }

  /**
   * The normalized path energy of Tong et al. (TMLR 2024, "Improving and generalizing flow-based generative models
   * with minibatch optimal transport", arXiv 2302.00482), NPE = |PE - W_2^2| / W_2^2, where PE is
   * {@link #pathEnergy} and W_2^2 is between the start and end distributions. It is 0 for the optimal transport
   * flow and grows with both curved paths and sub-optimal pairings.
   *
   * @param w2Squared W_2^2 between the starts and the ends, e.g. {@code Wasserstein.w2Matching(starts,
   *     ends).meanCost()} or a closed form; must be positive
   * @throws IllegalArgumentException if the trajectories or times are invalid or {@code w2Squared} is not
   *     positive and finite
   */
  public static double normalizedPathEnergy(double[][][] trajectories, double[] times, double w2Squared) {
    if (!(w2Squared > 0) || Double.isInfinite(w2Squared)) {
      throw new IllegalArgumentException("w2Squared must be positive and finite, got " + w2Squared);
    }
    return Math.abs(pathEnergy(trajectories, times) - w2Squared) / w2Squared;
  }

  /**
   * {@link #normalizedPathEnergy(double[][][], double[], double)} with W_2^2 between the empirical distributions
   * of the first and last points of the trajectories, computed exactly by {@link Wasserstein#w2Matching}.
   */
  public static double normalizedPathEnergy(double[][][] trajectories, double[] times) {
    dimension(trajectories, times);
    double[][] starts = new double[trajectories.length][];
    double[][] ends = new double[trajectories.length][];
    for (int i = 0; i < trajectories.length; i++) {
      starts[i] = trajectories[i][0];
      ends[i] = trajectories[i][times.length - 1];
    }
    return normalizedPathEnergy(trajectories, times, Wasserstein.w2Matching(starts, ends).meanCost());
  }

  /**
   * The mean distance of x_t from the straight line (1 - t) x_0 + t x_1 between the path's own ends, averaged over
   * samples and over time, int_0^1 ... dt by the trapezoidal rule on {@code times} (equally spaced times weigh the
   * two ends, where the distance is 0, by half). In the units of the data; 0 exactly for straight paths at
   * constant speed. A straight path at varying speed counts as deviating too, since x_t is compared with the point
   * of the line at the same time t, as a one-step solver would place it. See {@link #meanRelativeDeviation} for a
   * scale-free version.
   *
   * @throws IllegalArgumentException if the trajectories or times are invalid
   */
  public static double meanDeviation(double[][][] trajectories, double[] times) {
    return deviation(trajectories, times, false);
  }

  /**
   * {@link #meanDeviation} with each path's time-averaged deviation divided by its displacement |x_1 - x_0|, so
   * that long and short paths count alike and the value does not depend on the units.
   *
   * @throws IllegalArgumentException as {@link #meanDeviation}, or if a path ends where it starts
   */
  public static double meanRelativeDeviation(double[][][] trajectories, double[] times) {
    return deviation(trajectories, times, true);
  }

  private static double deviation(double[][][] trajectories, double[] times, boolean relative) {
    int d = dimension(trajectories, times);
    int T = times.length;
    double total = 0;
    for (int i = 0; i < trajectories.length; i++) {
      double[][] path = trajectories[i];
      double[] x0 = path[0];
      double[] x1 = path[T - 1];
      double previous = 0;
      double integral = 0;
      for (int k = 1; k < T; k++) {
        double t = times[k];
        double s = 0;
        for (int c = 0; c < d; c++) {
          double diff = path[k][c] - ((1 - t) * x0[c] + t * x1[c]);
          s += diff * diff;
        }
        double current = Math.sqrt(s);
        integral += 0.5 * (previous + current) * (t - times[k - 1]);
        previous = current;
      }
      if (relative) {
        double displacement = Math.sqrt(squaredDistance(x1, x0));
        if (displacement == 0) {
          throw new IllegalArgumentException("trajectories[" + i + "] ends where it starts, so its relative"
              + " deviation is undefined");
        }
        integral /= displacement;
      }
      total += integral;
    }
    return total / trajectories.length;
  }

  /**
   * Checks trajectories and times and returns the dimension: at least one trajectory, each with one finite point
   * of a common dimension per time; at least 2 finite, strictly increasing times from exactly 0 to exactly 1.
   */
  static int dimension(double[][][] trajectories, double[] times) {
    if (times == null) {
      throw new IllegalArgumentException("times must not be null");
    }
    if (times.length < 2) {
      throw new IllegalArgumentException("times must hold at least 2 times, got " + times.length);
    }
    if (times[0] != 0 || times[times.length - 1] != 1) {
      throw new IllegalArgumentException("times must run from 0 to 1, got " + times[0] + " to "
          + times[times.length - 1]);
    }
    for (int k = 1; k < times.length; k++) {
      if (!(times[k] > times[k - 1])) {
        throw new IllegalArgumentException("times must increase strictly, but times[" + (k - 1) + "] = "
            + times[k - 1] + " and times[" + k + "] = " + times[k]);
      }
    }
    if (trajectories == null) {
      throw new IllegalArgumentException("trajectories must not be null");
    }
    if (trajectories.length == 0) {
      throw new IllegalArgumentException("trajectories must hold at least one trajectory, got none");
    }
    int d = -1;
    for (int i = 0; i < trajectories.length; i++) {
      double[][] path = trajectories[i];
      if (path == null || path.length != times.length) {
        throw new IllegalArgumentException("trajectories[" + i + "] must hold one point per time ("
            + times.length + "), got " + (path == null ? "null" : Integer.toString(path.length)));
      }
      int di = PointSets.dim(path, "trajectories[" + i + "]");
      if (d < 0) {
        d = di;
      } else if (di != d) {
        throw new IllegalArgumentException("trajectories must have one dimension, but trajectories[0] has " + d
            + " and trajectories[" + i + "] has " + di);
      }
    }
    return d;
  }

  private static double squaredDistance(double[] x, double[] y) {
    double s = 0;
    for (int c = 0; c < x.length; c++) {
      double diff = x[c] - y[c];
      s += diff * diff;
    }
    return s;
  }
}
