package org.flowmatch.models.ot;

import org.flowmatch.models.VectorApi;

/**
 * The loops of {@link LinearAssignment} that sweep a row of the cost matrix, in two implementations that give the
 * same results bit for bit: {@link ScalarAssignmentOps} (plain Java) and {@code VectorAssignmentOps} (the JDK's
 * {@code jdk.incubator.vector}, used when the JVM was started with {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Why the same results: every element is one fixed sequence of IEEE double operations (subtractions in the same
 * order and {@code <} comparisons; no fma), and every choice among equal values follows a rule stated on the method
 * (the smallest index), never the order in which lanes happen to be visited. Stored values are chosen by {@code <}
 * alone, not by a min operation, so that the sign of a zero never depends on how a JIT tier implements min. So the
 * assignment, the prices and the cost do not depend on the implementation.
 */
interface AssignmentOps {

  /**
   * The Dijkstra relaxation from one row: for j in [0, n), with r = (c[base + j] - v[j]) - h, if r &lt; d[j] then
   * d[j] = r and pred[j] = row. Returns the first column with the least d[j] after the update (the least by
   * {@code <}, so that -0 and +0 tie), or -1 if every d[j] is +inf.
   */
  int relax(double[] c, int base, double[] v, double h, double[] d, double[] pred, double row, int n);

  /**
   * The column a search scans next, given {@code first}, the first column with the least d[j]: that column if it
   * is free (y[first] &lt; 0), else the first free column after it at the same distance (it ends the search), else
   * {@code first}.
   */
  int nearest(double[] d, int[] y, int first, int n);

  /**
   * The two smallest reduced costs c[base + j] - v[j] of one row, in the order of (value, index): out[0] the least
   * value, out[1] its column (the first one), out[2] the next value (equal to the least at a tie), out[3] its
   * column. n must be at least 2.
   */
  void twoSmallest(double[] c, int base, double[] v, int n, double[] out);

  /** prices[j] = r if r &lt; prices[j], with r = c[base + j] - u, for j in [0, n): one row of a c-transform. */
  void lowerPrices(double[] c, int base, double u, double[] prices, int n);

  /**
   * One row of a squared-distance matrix: cost[off + j] = sum over k in order of (a[aOff + k] - bt[k n + j])^2,
   * each term a subtraction, a multiplication and an addition (no fma), from 0; bt holds the points of the other set
   * by coordinate, [d, n].
   */
  void squaredDistanceRow(double[] a, int aOff, double[] bt, int n, int d, double[] cost, int off);

  /** The implementation to use: the vector one when the module is present (and not disabled), else scalar. */
  static AssignmentOps best() {
    return Holder.BEST;
  }

  /** Resolved once, on first use ({@link VectorApi}). */
  final class Holder {
    static final AssignmentOps BEST = VectorApi.best(
        () -> (AssignmentOps) Class.forName("org.flowmatch.models.ot.VectorAssignmentOps").getDeclaredConstructor()
            .newInstance(),
        ScalarAssignmentOps::new);

    private Holder() {}
  }
}
