package org.flowmatch.experiments.metrics;

/**
 * A statistic with its estimated standard error, so that a comparison of two runs can say whether a difference is
 * larger than the noise of the estimate.
 *
 * @param value the estimate
 * @param standardError its estimated standard deviation; {@code NaN} where the sample is too small to estimate it
 */
public record Estimate(double value, double standardError) {

  /** This estimate times {@code factor} (a change of units). */
  public Estimate scaled(double factor) {
    return new Estimate(value * factor, standardError * Math.abs(factor));
  }

  @Override
  public String toString() {
    return value + " ± " + standardError;
  }
}
