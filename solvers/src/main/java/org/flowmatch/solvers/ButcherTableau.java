package org.flowmatch.solvers;

import java.util.Arrays;

/**
 * An explicit Runge-Kutta method as data: the Butcher arrays, an optional embedded error estimate, and a
 * continuous extension for dense output.
 *
 * <p>Stage s evaluates k_s = f(y + h sum_{j&lt;s} a[s][j] k_j, t + c[s] h); the step is y + h sum_s b[s] k_s; the
 * local error estimate is h sum_s e[s] k_s with e = b - b_hat. The state at t + theta h inside a step is
 * y + h sum_s b_s(theta) k_s with b_s(theta) = sum_m dense[s][m] theta^(m+1), so that every method, fixed-step
 * ones included, gives intermediate states without stepping onto them.
 *
 * @param name the registered name
 * @param order the order of the propagated solution
 * @param c the nodes; c[0] = 0
 * @param a the strictly lower-triangular coefficients: a[s] has s entries
 * @param b the weights of the propagated solution
 * @param e the error weights b - b_hat, or null for a method without an embedded estimate
 * @param errorOrder the order of b_hat (ignored without e)
 * @param fsal first same as last: the last stage is evaluated at the new state, so it is the next step's first
 * @param dense the continuous extension: dense[s] holds the coefficients of theta, theta^2, ... in b_s(theta)
 */
public record ButcherTableau(String name, int order, double[] c, double[][] a, double[] b, double[] e,
    int errorOrder, boolean fsal, double[][] dense) {

  private static final double TOL = 1e-14;

  public ButcherTableau {
    if (c == null || a == null || b == null || dense == null) {
      throw new IllegalArgumentException(name + ": " + (dense == null && c != null && a != null && b != null
          ? "no dense-output coefficients: give dense[s], the coefficients of theta, theta^2, ... in b_s(theta)"
              + " (dense[s] = {b[s]} is linear interpolation, of order 1)"
          : "c, a and b are required"));
    }
    int s = c.length;
    if (s == 0 || a.length != s || b.length != s || dense.length != s || (e != null && e.length != s)) {
      throw new IllegalArgumentException(name + ": c, a, b, e and dense must all have one entry per stage");
    }
    if (c[0] != 0) {
      throw new IllegalArgumentException(name + ": c[0] must be 0 for an explicit method, got " + c[0]);
    }
    for (int i = 0; i < s; i++) {
      if (a[i].length != i) {
        throw new IllegalArgumentException(name + ": a[" + i + "] must have " + i + " entries, got " + a[i].length);
      }
      if (Math.abs(Arrays.stream(a[i]).sum() - c[i]) > TOL) {
        throw new IllegalArgumentException(name + ": row " + i + " of a must sum to c[" + i + "] = " + c[i]);
      }
    }
    if (Math.abs(Arrays.stream(b).sum() - 1) > TOL) {
      throw new IllegalArgumentException(name + ": the weights b must sum to 1");
    }
    if (fsal && (c[s - 1] != 1 || !Arrays.equals(Arrays.copyOf(a[s - 1], s - 1), Arrays.copyOf(b, s - 1))
        || b[s - 1] != 0)) {
      throw new IllegalArgumentException(name + ": FSAL needs the last row of a to equal b and c = 1");
    }
    for (int i = 0; i < s; i++) {
      double atOne = Arrays.stream(dense[i]).sum();
      if (Math.abs(atOne - b[i]) > 1e-12) {
        throw new IllegalArgumentException(name + ": dense output of stage " + i + " must equal b at theta = 1");
      }
    }
    c = c.clone();
    a = Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
    b = b.clone();
    e = e == null ? null : e.clone();
    dense = Arrays.stream(dense).map(double[]::clone).toArray(double[][]::new);
  }

  public int stages() {
    return c.length;
  }

  /** Whether the method estimates its local error, and so can choose its own step sizes. */
  public boolean isEmbedded() {
    return e != null;
  }

  /** The weights b_s(theta) of the continuous extension at {@code theta} in [0, 1], written into {@code out}. */
  void denseWeights(double theta, double[] out) {
    for (int s = 0; s < dense.length; s++) {
      double power = theta;
      double w = 0;
      for (double coefficient : dense[s]) {
        w += coefficient * power;
        power *= theta;
      }
      out[s] = w;
    }
  }

  @Override
  public String toString() {
    return name + " (order " + order + (isEmbedded() ? "(" + errorOrder + ")" : "") + ", " + stages()
        + " stages" + (fsal ? ", FSAL" : "") + ")";
  }
}
