package org.flowmatch.experiments.metrics;

import java.util.function.DoubleUnaryOperator;

/** The two-sample U-statistic and its jackknife straight from the definitions, for small samples. */
final class TwoSampleBruteForce {
  private TwoSampleBruteForce() {}

  /** 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j) - 2/(mn) sum k(x_i, y_j). */
  static double statistic(double[][] x, double[][] y, DoubleUnaryOperator kernelOfDistance) {
    double xx = 0;
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        if (i != j) {
          xx += kernelOfDistance.applyAsDouble(Math.sqrt(Samples.squaredDistance(x[i], x[j])));
        }
      }
    }
    double yy = 0;
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < y.length; j++) {
        if (i != j) {
          yy += kernelOfDistance.applyAsDouble(Math.sqrt(Samples.squaredDistance(y[i], y[j])));
        }
      }
    }
    double xy = 0;
    for (double[] p : x) {
      for (double[] q : y) {
        xy += kernelOfDistance.applyAsDouble(Math.sqrt(Samples.squaredDistance(p, q)));
      }
    }
    int m = x.length;
    int n = y.length;
    return xx / (m * (m - 1.0)) + yy / (n * (n - 1.0)) - 2 * xy / ((double) m * n);
  }

  /** Arvesen's two-sample jackknife standard error, each leave-one-out value recomputed from scratch. */
  static double jackknife(double[][] x, double[][] y, DoubleUnaryOperator kernelOfDistance) {
    return Math.sqrt(spread(x, y, kernelOfDistance, true) + spread(y, x, kernelOfDistance, false));
  }

  private static double spread(double[][] deleted, double[][] other, DoubleUnaryOperator k, boolean first) {
    int m = deleted.length;
    double[] values = new double[m];
    for (int i = 0; i < m; i++) {
      double[][] rest = new double[m - 1][];
      for (int j = 0, at = 0; j < m; j++) {
        if (j != i) {
          rest[at++] = deleted[j];
        }
      }
      values[i] = first ? statistic(rest, other, k) : statistic(other, rest, k);
    }
    double mean = 0;
    for (double v : values) {
      mean += v / m;
    }
    double s = 0;
    for (double v : values) {
      s += (v - mean) * (v - mean);
    }
    return s * (m - 1) / m;
  }
}
