package org.flowmatch.experiments.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.Locale;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * A mean over seeds with its 95% confidence interval from Student's t distribution: mean ± t(0.975, n - 1) s / sqrt n,
 * with s the sample standard deviation. With one value the interval is unknown ({@link #halfWidth} NaN).
 *
 * @param mean the mean
 * @param halfWidth half the width of the 95% interval; NaN when n &lt; 2
 * @param n how many values
 */
public record Interval(double mean, double halfWidth, int n) {

  /** The interval of these values (finite ones only); null when there are none. */
  public static Interval of(double[] values) {
    double[] v = Arrays.stream(values).filter(Double::isFinite).toArray();
    if (v.length == 0) {
      return null;
    }
    double mean = Arrays.stream(v).average().orElseThrow();
    if (v.length == 1) {
      return new Interval(mean, Double.NaN, 1);
    }
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    double sd = Math.sqrt(ss / (v.length - 1));
    double t = new TDistribution(null, v.length - 1).inverseCumulativeProbability(0.975);
    return new Interval(mean, t * sd / Math.sqrt(v.length), v.length);
  }

  /** Whether the interval is known and excludes zero. */
  public boolean excludesZero() {
    return Double.isFinite(halfWidth) && Math.abs(mean) > halfWidth;
  }

  /** "mean ± half-width" in three significant figures, or the mean alone when n = 1. */
  @Override
  public String toString() {
    return Double.isFinite(halfWidth) ? sig3(mean) + " ± " + sig3(halfWidth) : sig3(mean);
  }

  /**
   * Three significant figures, trailing zeros kept (0.500, 123, 1230); plain between 1e-3 and 1e5, else in
   * scientific notation (1.23e-05).
   */
  public static String sig3(double v) {
    if (!Double.isFinite(v)) {
      return String.valueOf(v);
    }
    if (v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a < 1e-3 || a >= 1e5) {
      return String.format(Locale.ROOT, "%.2e", v);
    }
    int exponent = (int) Math.floor(Math.log10(a));
    BigDecimal b = new BigDecimal(v).setScale(2 - exponent, RoundingMode.HALF_EVEN);
    return b.toPlainString();
  }
}
