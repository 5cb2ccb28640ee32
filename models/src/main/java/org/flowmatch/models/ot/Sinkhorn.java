package org.flowmatch.models.ot;

import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entropic optimal transport plan between two uniform point sets: the P >= 0 with row and column sums 1/n that
 * minimises sum_ij P_ij C_ij + reg sum_ij P_ij log P_ij, by Sinkhorn's alternating scaling (Cuturi, "Sinkhorn
 * distances", NeurIPS 2013), computed in the log domain: P_ij = exp((f_i + g_j - C_ij) / reg), with
 * f and g the dual potentials.
 *
 * <p>Why potentials: torchcfm's SB-CFM uses reg = 2 sigma^2, and with sigma = 0.1 and squared distances of tens
 * the kernel exp(-C / reg) underflows to 0 in any precision (POT's {@code ot.sinkhorn} then returns NaN). Here the
 * iterations are plain Sinkhorn's matrix-vector products on the kernel of the current potentials, which are
 * updated whenever the scalings grow large (stabilised Sinkhorn), so every quantity stays finite at any reg while
 * an iteration costs 2 n^2 multiply-adds rather than 2 n^2 exponentials. Iterations stop when the row sums
 * (the column sums are exact after each g update) are within {@link #TOLERANCE} of 1/n in L1, or after
 * {@link #MAX_ITERATIONS}. Small reg relative to the costs needs about C / reg iterations from a cold start, so reg is
 * annealed (epsilon scaling, Schmitzer 2019): stages from the largest cost down by factors of 4, each started from
 * the previous stage's potentials.
 */
public final class Sinkhorn {
  /** L1 distance of the row sums from the uniform marginal at which the iterations stop. */
  public static final double TOLERANCE = 1e-6;
  /** An upper bound on the iterations; small reg relative to the cost converges slowly (about C / reg). */
  public static final int MAX_ITERATIONS = 5000;
  /** The looser tolerance of the annealing stages before the last. */
  private static final double STAGE_TOLERANCE = 1e-2;

  private static final Logger LOG = LoggerFactory.getLogger(Sinkhorn.class);
  /** Whether a plan has stopped at {@link #MAX_ITERATIONS} already in this process (warned once, not per step). */
  private static final AtomicBoolean CAPPED = new AtomicBoolean();

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
    double spread = 0;
    for (double c : cost) {
      spread = Math.max(spread, Math.abs(c));
    }
    State state = new State(cost, n);
    // Annealing: the potentials of a larger reg start the next stage, each stage a factor 4 smaller.
    for (double stage = Math.max(reg, spread); stage > reg; stage = Math.max(reg, stage / 4)) {
      state.iterate(stage, STAGE_TOLERANCE);
    }
    state.iterate(reg, TOLERANCE);
    return state.plan(reg);
  }

  /**
   * Dual potentials f, g absorbed into the kernel K_ij = exp((f_i + g_j - C_ij) / reg), and the scalings u, v of
   * plain Sinkhorn on it: P = diag(u) K diag(v). Iterations are matrix-vector products; when a scaling leaves
   * [1e-100, 1e100] it is absorbed into the potentials and K recomputed (POT's {@code sinkhorn_stabilized}).
   */
  private static final class State {
    private static final double ABSORB_ABOVE = 1e100;
    final double[] cost;
    final int n;
    final double[] f;
    final double[] g;
    final double[] u;
    final double[] v;
    final double[] kernel;
    final double[] kv;

    State(double[] cost, int n) {
      this.cost = cost;
      this.n = n;
      f = new double[n];
      g = new double[n];
      u = new double[n];
      v = new double[n];
      kernel = new double[n * n];
      kv = new double[n];
    }

    void absorb(double reg) {
      fold(reg);
      rebuild(reg);
    }

    /** The scalings into the potentials, leaving the kernel to whoever next needs it (the next stage, or plan). */
    void fold(double reg) {
      for (int i = 0; i < n; i++) {
        f[i] += reg * Math.log(u[i]);
        g[i] += reg * Math.log(v[i]);
      }
    }

    void rebuild(double reg) {
      for (int i = 0; i < n; i++) {
        int base = i * n;
        for (int j = 0; j < n; j++) {
          kernel[base + j] = Math.exp((f[i] + g[j] - cost[base + j]) / reg);
        }
      }
      java.util.Arrays.fill(u, 1);
      java.util.Arrays.fill(v, 1);
    }

    void iterate(double reg, double tolerance) {
      rebuild(reg);
      double marginal = 1.0 / n;
      for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
        // u = a / (K v)
        for (int i = 0; i < n; i++) {
          u[i] = marginal / rowProduct(i);
        }
        // v = b / (K^T u)
        java.util.Arrays.fill(kv, 0);
        for (int i = 0; i < n; i++) {
          int base = i * n;
          double ui = u[i];
          for (int j = 0; j < n; j++) {
            kv[j] += kernel[base + j] * ui;
          }
        }
        boolean large = false;
        for (int j = 0; j < n; j++) {
          v[j] = marginal / kv[j];
          large |= !(v[j] < ABSORB_ABOVE && v[j] > 1 / ABSORB_ABOVE);
        }
        for (int i = 0; i < n && !large; i++) {
          large = !(u[i] < ABSORB_ABOVE && u[i] > 1 / ABSORB_ABOVE);
        }
        if (large) {
          absorb(reg);
          continue;
        }
        if (iteration % 5 == 4 && rowError(marginal) < tolerance) {
          fold(reg);
          return;
        }
      }
      if (CAPPED.compareAndSet(false, true)) {
        LOG.warn("Sinkhorn stopped at {} iterations with the row sums {} from uniform in L1 (tolerance {}) at reg {}"
            + " for {} points: a larger train.coupling_reg converges faster (said once)", MAX_ITERATIONS,
            String.format("%.2g", rowError(marginal)), tolerance, reg, n);
      }
      fold(reg);
    }

    /** (K v)_i, with four partial sums: a single chain of dependent adds ran at a quarter of the speed. */
    private double rowProduct(int i) {
      int base = i * n;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      int j = 0;
      for (; j + 4 <= n; j += 4) {
        s0 += kernel[base + j] * v[j];
        s1 += kernel[base + j + 1] * v[j + 1];
        s2 += kernel[base + j + 2] * v[j + 2];
        s3 += kernel[base + j + 3] * v[j + 3];
      }
      for (; j < n; j++) {
        s0 += kernel[base + j] * v[j];
      }
      return (s0 + s1) + (s2 + s3);
    }

    /** L1 distance of the row sums of diag(u) K diag(v) from the uniform marginal (columns are exact). */
    private double rowError(double marginal) {
      double error = 0;
      for (int i = 0; i < n; i++) {
        error += Math.abs(u[i] * rowProduct(i) - marginal);
      }
      return error;
    }

    double[] plan(double reg) {
      double[] p = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          p[i * n + j] = Math.exp((f[i] + g[j] - cost[i * n + j]) / reg);
        }
      }
      return p;
    }
  }
}
