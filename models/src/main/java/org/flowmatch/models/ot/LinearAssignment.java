package org.flowmatch.models.ot;

import java.util.Arrays;

/**
 * Exact minimum-cost perfect matching of an n x n cost matrix: the shortest augmenting path method of Jonker and
 * Volgenant (Computing 38, 1987, "A shortest augmenting path algorithm for dense and sparse linear assignment
 * problems"), O(n^3) in the worst case, with a coarse-to-fine start that makes it far faster on the costs of point
 * clouds.
 *
 * <p>Jonker-Volgenant: column reduction (each column's price v_j is its minimum, each row takes the column it is
 * cheapest in if no other row did) and reduction transfer (a row holding one column passes its slack to that
 * column's price); augmenting row reduction (two passes in which each free row takes its cheapest column, lowering
 * that column's price to the second-cheapest reduced cost and evicting the owner); then, for each row still free, a
 * Dijkstra search over reduced costs c_ij - v_j for the nearest free column, flipping the alternating path and
 * lowering the prices of the scanned columns. Throughout, every assigned row holds a column of least reduced cost,
 * so the row potentials u_i = c_{i,x(i)} - v_{x(i)} and the prices v form a feasible dual, u_i + v_j &lt;= c_ij with
 * equality on the assignment: a certificate of optimality that {@link Solution} returns. Each pass of the
 * augmenting row reduction, which is not polynomially bounded, stops after 8n steps and leaves the rows still free
 * to the Dijkstra phase, which is exact on its own.
 *
 * <p>Coarse-to-fine start: on squared distances between two point clouds the column reduction leaves prices far
 * from the optimal ones (between two shifted clouds the optimal prices are a linear function of position, which no
 * local reduction finds), and each Dijkstra search then scans about half the rows: n = 2000 took about 10 s. So
 * from 128 rows up, the solver first solves the problem of the even rows and columns, recursively, and extends
 * its prices to the whole matrix by two c-transforms, u_i = min over even j of (c_ij - v_j), then
 * v_j = min_i (c_ij - u_i). When rows and columns are samples of two laws, as in a training batch, these are close
 * to the optimal prices; with them every row starts free and goes straight to the Dijkstra phase (the row
 * reduction, tried from them, cost its full step limit and saved nothing), and most searches stay short. The
 * result is the same optimum (the start only changes the prices the method begins from); what remains costly are
 * the few searches that must move a surplus of points from one region to another. On unrelated random costs the
 * start does not help and costs up to a factor of 3 in time.
 *
 * <p>The sweeps over a row of the matrix, where nearly all the time goes, are {@code AssignmentOps}: the JDK's Vector
 * API when the JVM has it, else plain Java, with the same results (docs/performance.md has the figures).
 */
public final class LinearAssignment {
  /** Steps of one augmenting row reduction pass, per row, before the rest is left to the Dijkstra phase. */
  private static final int REDUCTION_STEPS_PER_ROW = 8;
  /** Below this size the coarse-to-fine start costs more than it saves. */
  private static final int DIRECT_BELOW = 128;

  private LinearAssignment() {}

  /** An optimal assignment with its cost and a dual certificate. Immutable: arrays are copied out. */
  public static final class Solution {
    private final int[] assignment;
    private final double cost;
    private final double[] rowDuals;
    private final double[] columnDuals;

    Solution(int[] assignment, double cost, double[] rowDuals, double[] columnDuals) {
      this.assignment = assignment;
      this.cost = cost;
      this.rowDuals = rowDuals;
      this.columnDuals = columnDuals;
    }

    /** The column of each row: a permutation of {0, ..., n - 1}. */
    public int[] assignment() {
      return assignment.clone();
    }

    /** The least total cost, sum_i c[i, assignment[i]]. */
    public double cost() {
      return cost;
    }

    /** Row potentials u with u_i + v_j &lt;= c_ij for all i, j and equality on the assignment. */
    public double[] rowDuals() {
      return rowDuals.clone();
    }

    /** Column prices v, the partners of {@link #rowDuals()}. */
    public double[] columnDuals() {
      return columnDuals.clone();
    }

    @Override
    public String toString() {
      return "assignment " + Arrays.toString(assignment) + ", cost " + cost;
    }
  }

  /**
   * Solves a square matrix given as rows.
   *
   * @throws IllegalArgumentException if the matrix is null, not square or holds a non-finite entry
   */
  public static Solution solve(double[][] cost) {
    if (cost == null) {
      throw new IllegalArgumentException("cost must not be null");
    }
    int n = cost.length;
    double[] flat = new double[Math.multiplyExact(n, n)];
    for (int i = 0; i < n; i++) {
      if (cost[i] == null || cost[i].length != n) {
        throw new IllegalArgumentException("cost must be square, but row " + i + " has "
            + (cost[i] == null ? "no" : Integer.toString(cost[i].length)) + " entries and there are " + n + " rows");
      }
      System.arraycopy(cost[i], 0, flat, i * n, n);
    }
    return solve(flat, n);
  }

  /**
   * Solves a square matrix given in row-major order; the array is not modified.
   *
   * @param cost {@code n * n} finite costs, {@code cost[i * n + j]} for row i and column j
   * @param n the number of rows and of columns
   * @throws IllegalArgumentException if the array does not hold n * n entries, holds a non-finite one, or spans a
   *     range so wide (over 4e307) that reduced costs could overflow
   */
  public static Solution solve(double[] cost, int n) {
    if (cost == null) {
      throw new IllegalArgumentException("cost must not be null");
    }
    if (n < 0 || (long) n * n != cost.length) {
      throw new IllegalArgumentException("cost must hold n * n entries for a square matrix, got " + cost.length
          + " entries for n = " + n);
    }
    double min = 0;
    double max = 0;
    for (int k = 0; k < cost.length; k++) {
      if (!Double.isFinite(cost[k])) {
        throw new IllegalArgumentException("cost[" + k / n + ", " + k % n + "] must be finite, got " + cost[k]);
      }
      min = Math.min(min, cost[k]);
      max = Math.max(max, cost[k]);
    }
    if (!(max - min < 4e307)) {
      // Prices and reduced costs are sums of a few entries; they must not overflow.
      throw new IllegalArgumentException("cost entries must span less than 4e307 so that reduced costs stay finite,"
          + " got [" + min + ", " + max + "]");
    }
    return solveValid(cost, n, AssignmentOps.best());
  }

  /** {@link #solve(double[], int)} with the given row loops: for tests that compare the implementations. */
  static Solution solve(double[] cost, int n, AssignmentOps ops) {
    return solveValid(cost, n, ops);
  }

  /** Jonker-Volgenant from its own initialisation at every size: for tests that compare the two starts. */
  static Solution solveWithoutCoarseStart(double[] cost, int n) {
    return n <= 1 ? solveValid(cost, n, AssignmentOps.best()) : new Solver(cost, n, AssignmentOps.best()).run(null);
  }

  /** Solves a validated matrix: directly when small, else warm-started from the coarse subproblem's prices. */
  private static Solution solveValid(double[] c, int n, AssignmentOps ops) {
    if (n == 0) {
      return new Solution(new int[0], 0, new double[0], new double[0]);
    }
    if (n == 1) {
      return new Solution(new int[] {0}, c[0], new double[] {0}, new double[] {c[0]});
    }
    if (n < DIRECT_BELOW) {
      return new Solver(c, n, ops).run(null);
    }
    int m = (n + 1) / 2;
    double[] coarse = new double[m * m];
    for (int a = 0; a < m; a++) {
      for (int b = 0; b < m; b++) {
        coarse[a * m + b] = c[2 * a * n + 2 * b];
      }
    }
    double[] coarsePrices = solveValid(coarse, m, ops).columnDuals;
    // Two c-transforms: row potentials against the coarse columns, then prices of every column.
    double[] u = new double[n];
    for (int i = 0; i < n; i++) {
      double best = Double.POSITIVE_INFINITY;
      for (int b = 0; b < m; b++) {
        best = Math.min(best, c[i * n + 2 * b] - coarsePrices[b]);
      }
      u[i] = best;
    }
    double[] prices = new double[n];
    Arrays.fill(prices, Double.POSITIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      ops.lowerPrices(c, i * n, u[i], prices, n);
    }
    return new Solver(c, n, ops).run(prices);
  }

  /** The state of one solve: x (row to column), y (column to row), prices v. */
  private static final class Solver {
    private final double[] c;
    private final int n;
    private final AssignmentOps ops;
    private final int[] x;
    private final int[] y;
    private final double[] v;
    private final int[] free;
    private int freeCount;

    Solver(double[] c, int n, AssignmentOps ops) {
      this.c = c;
      this.n = n;
      this.ops = ops;
      x = new int[n];
      y = new int[n];
      v = new double[n];
      free = new int[n];
      Arrays.fill(x, -1);
      Arrays.fill(y, -1);
    }

    /**
     * Solves from the given column prices with every row free, or from JV's own initialisation if null. The
     * augmenting row reduction runs only after JV's initialisation: from the coarse problem's prices it hit its step
     * limit in both passes at every level (each step a sweep of a row) and left as many rows to the Dijkstra phase as
     * it took, so that without it the plan at 256 and 512 points took 6% less time.
     */
    Solution run(double[] prices) {
      if (prices == null) {
        reduceColumns();
        for (int pass = 0; pass < 2 && freeCount > 0; pass++) {
          augmentingRowReduction();
        }
      } else {
        System.arraycopy(prices, 0, v, 0, n);
        for (int i = 0; i < n; i++) {
          free[i] = i;
        }
        freeCount = n;
      }
      Search search = new Search(n);
      for (int f = 0; f < freeCount; f++) {
        augment(free[f], search);
      }
      double total = 0;
      double[] u = new double[n];
      for (int i = 0; i < n; i++) {
        int j = x[i];
        total += c[i * n + j];
        u[i] = c[i * n + j] - v[j];
      }
      return new Solution(x.clone(), total, u, v.clone());
    }

    /** Column reduction and reduction transfer; leaves the unassigned rows in {@code free}. */
    private void reduceColumns() {
      double[] min = Arrays.copyOf(c, n);
      int[] argMin = new int[n];
      for (int i = 1; i < n; i++) {
        int base = i * n;
        for (int j = 0; j < n; j++) {
          if (c[base + j] < min[j]) {
            min[j] = c[base + j];
            argMin[j] = i;
          }
        }
      }
      int[] matches = new int[n];
      for (int j = n - 1; j >= 0; j--) {
        v[j] = min[j];
        int i = argMin[j];
        if (++matches[i] == 1) {
          x[i] = j;
          y[j] = i;
        }
      }
      freeCount = 0;
      for (int i = 0; i < n; i++) {
        if (matches[i] == 0) {
          free[freeCount++] = i;
        } else if (matches[i] == 1) {
          int j1 = x[i];
          int base = i * n;
          double slack = Double.POSITIVE_INFINITY;
          for (int j = 0; j < n; j++) {
            if (j != j1) {
              slack = Math.min(slack, c[base + j] - v[j]);
            }
          }
          v[j1] -= slack;
        }
      }
    }

    /** One pass over the free rows; rows it evicts are examined again at once if a price dropped. */
    private void augmentingRowReduction() {
      int previous = freeCount;
      int k = 0;
      int steps = 0;
      int limit = REDUCTION_STEPS_PER_ROW * n;
      double[] two = new double[4];
      freeCount = 0;
      while (k < previous) {
        if (steps++ == limit) {
          // Hand the rows not yet examined to the Dijkstra phase (freeCount <= k, so this never overwrites them).
          System.arraycopy(free, k, free, freeCount, previous - k);
          freeCount += previous - k;
          return;
        }
        int i = free[k++];
        ops.twoSmallest(c, i * n, v, n, two);
        double umin = two[0];
        int j1 = (int) two[1];
        double usubmin = two[2];
        int j2 = (int) two[3];
        int i0 = y[j1];
        boolean strict = umin < usubmin;
        if (strict) {
          v[j1] -= usubmin - umin;
        } else if (i0 >= 0) {
          j1 = j2;
          i0 = y[j2];
        }
        x[i] = j1;
        y[j1] = i;
        if (i0 >= 0) {
          x[i0] = -1;
          if (strict) {
            free[--k] = i0;
          } else {
            free[freeCount++] = i0;
          }
        }
      }
    }

    /**
     * Dijkstra over reduced costs from the free {@code row} to the nearest free column, then the flip of the
     * alternating path and the price update. A scanned column is marked by the sentinels v = -inf (so that no
     * later row relaxes it) and d = +inf (so that it is never the minimum again), which lets one branch-free pass
     * over the contiguous cost row relax the open columns and find the first column at the least distance
     * ({@code AssignmentOps.relax}, vectorised); only when that column is assigned does a pass over the distances
     * after it look for a free column at the same distance, which would end the search ({@code
     * AssignmentOps.nearest}).
     */
    private void augment(int row, Search s) {
      double[] d = s.distance;
      double[] pred = s.pred;
      Arrays.fill(d, Double.POSITIVE_INFINITY);
      int nearest = ops.nearest(d, y, ops.relax(c, row * n, v, 0, d, pred, row, n), n);
      int scanned = 0;
      while (y[nearest] >= 0) {
        int j1 = nearest;
        int i = y[j1];
        s.column[scanned] = j1;
        s.columnDistance[scanned] = d[j1];
        s.columnPrice[scanned] = v[j1];
        scanned++;
        int rowBase = i * n;
        double h = c[rowBase + j1] - v[j1] - d[j1];
        v[j1] = Double.NEGATIVE_INFINITY;
        d[j1] = Double.POSITIVE_INFINITY;
        nearest = ops.nearest(d, y, ops.relax(c, rowBase, v, h, d, pred, i, n), n);
      }
      double min = d[nearest];
      for (int k = 0; k < scanned; k++) {
        v[s.column[k]] = s.columnPrice[k] + s.columnDistance[k] - min;
      }
      int end = nearest;
      int i;
      do {
        i = (int) pred[end];
        y[end] = i;
        int j = end;
        end = x[i];
        x[i] = j;
      } while (i != row);
    }
  }

  /** Work arrays of the Dijkstra searches, shared by all of one solve's augmentations. */
  private static final class Search {
    final double[] distance;
    final double[] pred;
    final int[] column;
    final double[] columnDistance;
    final double[] columnPrice;

    Search(int n) {
      distance = new double[n];
      pred = new double[n];
      column = new int[n];
      columnDistance = new double[n];
      columnPrice = new double[n];
    }
  }
}
