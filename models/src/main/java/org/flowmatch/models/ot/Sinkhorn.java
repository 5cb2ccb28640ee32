package org.flowmatch.models.ot;

/**
 * The entropic optimal transport plan between two uniform point sets: the P >= 0 with row and column sums 1/n that
 * minimises sum_ij P_ij C_ij + reg sum_ij P_ij log P_ij, by Sinkhorn's alternating scaling (Cuturi, "Sinkhorn
 * distances", NeurIPS 2013), computed in the log domain: P_ij = exp((f_i + g_j - C_ij) / reg), with
 * f_i = -reg log sum_j exp((g_j - C_ij) / reg) + reg log(1/n) and likewise for g.
 *
 * <p>Why the log domain: torchcfm's SB-CFM uses reg = 2 sigma^2, and with sigma = 0.1 and squared distances of tens
 * the kernel exp(-C / reg) underflows to 0 in any precision (POT's {@code ot.sinkhorn} then returns NaN); dual
 * potentials and a log-sum-exp with its maximum taken out stay finite at any reg. Iterations stop when the row sums
 * (the column sums are exact after each g update) are within {@link #TOLERANCE} of 1/n in L1, or after
 * {@link #MAX_ITERATIONS}. Small reg relative to the costs needs about C / reg iterations from a cold start, so reg is
 * annealed (epsilon scaling, Schmitzer 2019): stages from the largest cost down by factors of 4, each started from
 * the previous stage's potentials.
 */
public final class Sinkhorn {
  /** L1 distance of the row sums from the uniform marginal at which the iterations stop. */
  public static final double TOLERANCE = 1e-9;
  /** An upper bound on the iterations; small reg relative to the cost converges slowly (about C / reg). */
  public static final int MAX_ITERATIONS = 5000;
  /** The looser tolerance of the annealing stages before the last. */
  private static final double STAGE_TOLERANCE = 1e-3;

  private Sinkhorn() {}

  /**
   * The plan for {@code cost} {@code [n x n]}, row-major, rows i against columns j, with uniform marginals.
   *
   * @return P, row-major, each row and column summing to 1/n (to the tolerance)
   */
  public static double[] plan(double[] cost, int n, double reg) {
    if (!(reg > 0) || Double.isInfinite(reg)) {
      throw new IllegalArgumentException("the entropic regularisation must be positive and finite, got " + reg);
    }
    if (cost == null || (long) n * n != cost.length || n == 0) {
      throw new IllegalArgumentException("cost must hold n * n > 0 entries");
    }
    double[] f = new double[n];
    double[] g = new double[n];
    double[] work = new double[n];
    double spread = 0;
    for (double c : cost) {
      spread = Math.max(spread, Math.abs(c));
    }
    // Annealing: the potentials of a larger reg start the next stage, each stage a factor 4 smaller.
    for (double stage = Math.max(reg, spread); stage > reg; stage = Math.max(reg, stage / 4)) {
      iterate(cost, n, stage, f, g, work, STAGE_TOLERANCE);
    }
    iterate(cost, n, reg, f, g, work, TOLERANCE);
    double[] p = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        p[i * n + j] = Math.exp((f[i] + g[j] - cost[i * n + j]) / reg);
      }
    }
    return p;
  }

  private static void iterate(double[] cost, int n, double reg, double[] f, double[] g, double[] work,
      double tolerance) {
    double logMarginal = -Math.log(n);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      for (int i = 0; i < n; i++) {
        int base = i * n;
        for (int j = 0; j < n; j++) {
          work[j] = (g[j] - cost[base + j]) / reg;
        }
        f[i] = reg * (logMarginal - logSumExp(work, n));
      }
      for (int j = 0; j < n; j++) {
        for (int i = 0; i < n; i++) {
          work[i] = (f[i] - cost[i * n + j]) / reg;
        }
        g[j] = reg * (logMarginal - logSumExp(work, n));
      }
      if (iteration % 5 == 4 && rowError(cost, n, reg, f, g, work) < tolerance) {
        return;
      }
    }
  }

  private static double rowError(double[] cost, int n, double reg, double[] f, double[] g, double[] work) {
    double error = 0;
    for (int i = 0; i < n; i++) {
      int base = i * n;
      for (int j = 0; j < n; j++) {
        work[j] = (f[i] + g[j] - cost[base + j]) / reg;
      }
      error += Math.abs(Math.exp(logSumExp(work, n)) - 1.0 / n);
    }
    return error;
  }

  private static double logSumExp(double[] x, int n) {
    double max = Double.NEGATIVE_INFINITY;
    for (int k = 0; k < n; k++) {
      max = Math.max(max, x[k]);
    }
    double sum = 0;
    for (int k = 0; k < n; k++) {
      sum += Math.exp(x[k] - max);
    }
    return max + Math.log(sum);
  }
}
