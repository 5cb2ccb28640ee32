package org.flowmatch.experiments.metrics;

/**
 * Summaries of per-point log-densities (nats), each with the standard error of a mean of independent values,
 * sd / sqrt(n), so that two models can be compared against the noise of the test set.
 *
 * <p>Non-finite log-densities are rejected rather than averaged: an infinite or NaN value means that the
 * likelihood computation failed on that point, and one such value would make the mean meaningless.
 */
public final class LikelihoodMetrics {
  private LikelihoodMetrics() {}

  /**
   * The mean negative log-likelihood -(1/n) sum_i log p(x_i), in nats.
   *
   * @param logDensities log p(x_i) of held-out points, in nats
   * @throws IllegalArgumentException if the array is null, empty or holds a non-finite value
   */
  public static Estimate negativeLogLikelihood(double[] logDensities) {
    PointSets.finiteValues(logDensities, "logDensities");
    return meanOf(logDensities).scaled(-1);
  }

  /**
   * The mean negative log-likelihood in bits per dimension, nll / (d ln 2), the unit that compares models across
   * data dimensions. For continuous data without dequantization it can be negative (densities exceed 1).
   *
   * @throws IllegalArgumentException as {@link #negativeLogLikelihood}, or if {@code dim} is not positive
   */
  public static Estimate bitsPerDimension(double[] logDensities, int dim) {
    return negativeLogLikelihood(logDensities).scaled(bitsPerNatPerDimension(dim));
  }

  /** A negative log-likelihood of {@code nats} in bits per dimension, nats / (dim ln 2). */
  public static double bitsPerDimension(double nats, int dim) {
    return nats * bitsPerNatPerDimension(dim);
  }

  /**
   * The Monte Carlo estimate of KL(p_true || p_model) = E_{x ~ p_true} [log p_true(x) - log p_model(x)], in nats,
   * from points drawn from p_true: the mean of the per-point differences and their standard error. Pairing the
   * two log-densities on the same points cancels most of the noise of either one.
   *
   * @param logTrue log p_true(x_i) at points x_i drawn from p_true
   * @param logModel log p_model(x_i) at the same points
   * @throws IllegalArgumentException if an array is null, empty or holds a non-finite value, or the lengths differ
   */
  public static Estimate klDivergence(double[] logTrue, double[] logModel) {
    PointSets.finiteValues(logTrue, "logTrue");
    PointSets.finiteValues(logModel, "logModel");
    if (logTrue.length != logModel.length) {
      throw new IllegalArgumentException("logTrue and logModel must hold one value per point, got "
          + logTrue.length + " and " + logModel.length);
    }
    double[] difference = new double[logTrue.length];
    for (int i = 0; i < difference.length; i++) {
      difference[i] = logTrue[i] - logModel[i];
    }
    return meanOf(difference);
  }

  /** The mean and sd / sqrt(n) with the n - 1 sample variance; NaN error for a single value. */
  static Estimate meanOf(double[] v) {
    int n = v.length;
    double mean = 0;
    for (double e : v) {
      mean += e;
    }
    mean /= n;
    if (n < 2) {
      return new Estimate(mean, Double.NaN);
    }
    double s = 0;
    for (double e : v) {
      s += (e - mean) * (e - mean);
    }
    return new Estimate(mean, Math.sqrt(s / (n - 1) / n));
  }

  private static double bitsPerNatPerDimension(int dim) {
    if (dim <= 0) {
      throw new IllegalArgumentException("dim must be positive, got " + dim);
    }
    return 1 / (dim * Math.log(2));
  }
}
