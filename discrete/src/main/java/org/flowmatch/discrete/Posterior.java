package org.flowmatch.discrete;

/**
 * A factorized posterior p(x1^i = y | x_t) for every position i: what a discrete flow matching model predicts, and
 * what the exact table oracle computes.
 */
public interface Posterior {

  /** D. */
  int length();

  /** V, the data tokens (the mask symbol, if any, is never a value of x1). */
  int vocabulary();

  /**
   * The posterior of each row of {@code xt} at its time {@code t[row]}: {@code [n][D * V]}, position-major
   * (entry i V + y is p(x1^i = y | x_t)); each block of V sums to 1.
   */
  double[][] posterior(int[][] xt, double[] t);
}
