package org.flowmatch.experiments.metrics;

import java.util.stream.IntStream;

/**
 * The unbiased two-sample U-statistic of one or more kernels k (functions of the squared distance),
 *
 * <pre>
 * T = 1/(m(m-1)) sum_{i != j} k(x_i, x_j) + 1/(n(n-1)) sum_{i != j} k(y_i, y_j) - 2/(mn) sum_{i,j} k(x_i, y_j),
 * </pre>
 *
 * which is MMD^2 for a positive definite kernel and the energy distance for k = -|x - y|, with a two-sample
 * jackknife standard error.
 *
 * <p>All three sums are sums of per-point row sums, so deleting one point changes T by closed-form amounts and all
 * m + n leave-one-out values cost O(1) each after one O((m + n)^2 d) pass. The jackknife variance (Arvesen 1969)
 * is (m-1)/m sum_i (T_{-x_i} - mean)^2 + (n-1)/n sum_j (T_{-y_j} - mean)^2; by the Efron-Stein inequality it
 * overestimates the variance of a U-statistic on average, so the error it gives is conservative, also when the
 * two laws are equal and T is degenerate. Rows are summed in parallel but each row in a fixed order, and rows are
 * combined in index order, so the result does not depend on the number of threads.
 */
final class TwoSampleStatistic {
  private TwoSampleStatistic() {}

  /** Several kernels evaluated at once on a squared distance, so that one distance serves all of them. */
  interface KernelBank {
    int size();

    /** Writes k_0(r2), ..., k_{size-1}(r2) to {@code out}. */
    void evaluate(double squaredDistance, double[] out);
  }

  /** The statistic of one kernel and its leave-one-out values. */
  record Value(double value, double[] leaveOutX, double[] leaveOutY) {

    /** The sum of several statistics: the statistic of the summed kernel. */
    static Value sum(Value[] values) {
      int m = values[0].leaveOutX.length;
      int n = values[0].leaveOutY.length;
      double v = 0;
      double[] lx = new double[m];
      double[] ly = new double[n];
      for (Value s : values) {
        v += s.value;
        for (int i = 0; i < m; i++) {
          lx[i] += s.leaveOutX[i];
        }
        for (int j = 0; j < n; j++) {
          ly[j] += s.leaveOutY[j];
        }
      }
      return new Value(v, lx, ly);
    }

    /** The value with its jackknife standard error; NaN error unless both samples hold at least 3 points. */
    Estimate estimate() {
      int m = leaveOutX.length;
      int n = leaveOutY.length;
      if (m < 3 || n < 3) {
        return new Estimate(value, Double.NaN);
      }
      return new Estimate(value, Math.sqrt(spread(leaveOutX) + spread(leaveOutY)));
    }

    /** (k-1)/k sum (v_i - mean)^2. */
    private static double spread(double[] v) {
      int k = v.length;
      double mean = 0;
      for (double e : v) {
        mean += e;
      }
      mean /= k;
      double s = 0;
      for (double e : v) {
        s += (e - mean) * (e - mean);
      }
      return s * (k - 1) / k;
    }
  }

  /** The statistic of each kernel in {@code bank} for samples of at least 2 points each (checked by callers). */
  static Value[] compute(double[] x, int m, double[] y, int n, int d, KernelBank bank) {
    int kernels = bank.size();
    // Per point and kernel: the sum over the other points of its own sample, and over the other sample.
    double[] within = new double[(m + n) * kernels];
    double[] across = new double[(m + n) * kernels];
    IntStream.range(0, m + n).parallel().forEach(r -> {
      double[] k = new double[kernels];
      double[] own = r < m ? x : y;
      double[] other = r < m ? y : x;
      int i = r < m ? r : r - m;
      int ownSize = r < m ? m : n;
      int otherSize = r < m ? n : m;
      int base = r * kernels;
      for (int j = 0; j < ownSize; j++) {
        if (j != i) {
          bank.evaluate(PointSets.squaredDistance(own, i, own, j, d), k);
          for (int q = 0; q < kernels; q++) {
            within[base + q] += k[q];
          }
        }
      }
      for (int j = 0; j < otherSize; j++) {
        bank.evaluate(PointSets.squaredDistance(own, i, other, j, d), k);
        for (int q = 0; q < kernels; q++) {
          across[base + q] += k[q];
        }
      }
    });
    Value[] values = new Value[kernels];
    double mm = (double) m * (m - 1);
    double nn = (double) n * (n - 1);
    double mn = (double) m * n;
    for (int q = 0; q < kernels; q++) {
      double sxx = 0;
      double sxy = 0;
      for (int i = 0; i < m; i++) {
        sxx += within[i * kernels + q];
        sxy += across[i * kernels + q];
      }
      double syy = 0;
      for (int j = 0; j < n; j++) {
        syy += within[(m + j) * kernels + q];
      }
      double value = sxx / mm + syy / nn - 2 * sxy / mn;
      double[] lx = new double[m];
      double[] ly = new double[n];
      if (m >= 3) {
        double a = (double) (m - 1) * (m - 2);
        double c = (double) (m - 1) * n;
        for (int i = 0; i < m; i++) {
          int at = i * kernels + q;
          lx[i] = (sxx - 2 * within[at]) / a + syy / nn - 2 * (sxy - across[at]) / c;
        }
      }
      if (n >= 3) {
        double a = (double) (n - 1) * (n - 2);
        double c = (double) m * (n - 1);
        for (int j = 0; j < n; j++) {
          int at = (m + j) * kernels + q;
          ly[j] = sxx / mm + (syy - 2 * within[at]) / a - 2 * (sxy - across[at]) / c;
        }
      }
      values[q] = new Value(value, lx, ly);
    }
    return values;
  }
}
