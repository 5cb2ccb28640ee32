package org.flowmatch.models.ot;

/**
 * {@link AssignmentOps} in plain Java: the reference for {@code VectorAssignmentOps} (bit for bit) and the fallback
 * on JVMs without {@code jdk.incubator.vector}.
 */
final class ScalarAssignmentOps implements AssignmentOps {

  @Override
  public double relax(double[] c, int base, double[] v, double h, double[] d, double[] pred, double row, int n) {
    double min = Double.POSITIVE_INFINITY;
    for (int j = 0; j < n; j++) {
      double r = c[base + j] - v[j] - h;
      double dj = d[j];
      if (r < dj) {
        dj = r;
        d[j] = r;
        pred[j] = row;
      }
      min = Math.min(min, dj);
    }
    return min;
  }

  @Override
  public int nearest(double[] d, int[] y, double min, int n) {
    return nearestFrom(d, y, min, 0, n, -1);
  }

  /** {@link #nearest} over [from, n), given the first column at the minimum found before {@code from} (or -1). */
  static int nearestFrom(double[] d, int[] y, double min, int from, int n, int first) {
    for (int j = from; j < n; j++) {
      if (d[j] == min) {
        if (y[j] < 0) {
          return j;
        }
        if (first < 0) {
          first = j;
        }
      }
    }
    return first;
  }

  @Override
  public void twoSmallest(double[] c, int base, double[] v, int n, double[] out) {
    double umin = c[base] - v[0];
    int j1 = 0;
    double usubmin = Double.POSITIVE_INFINITY;
    int j2 = -1;
    for (int j = 1; j < n; j++) {
      double h = c[base + j] - v[j];
      if (h < usubmin) {
        if (h >= umin) {
          usubmin = h;
          j2 = j;
        } else {
          usubmin = umin;
          umin = h;
          j2 = j1;
          j1 = j;
        }
      }
    }
    out[0] = umin;
    out[1] = j1;
    out[2] = usubmin;
    out[3] = j2;
  }

  @Override
  public void lowerPrices(double[] c, int base, double u, double[] prices, int n) {
    for (int j = 0; j < n; j++) {
      prices[j] = Math.min(prices[j], c[base + j] - u);
    }
  }

  @Override
  public void squaredDistanceRow(double[] a, int aOff, double[] bt, int n, int d, double[] cost, int off) {
    for (int j = 0; j < n; j++) {
      double sum = 0;
      for (int k = 0; k < d; k++) {
        double diff = a[aOff + k] - bt[k * n + j];
        sum += diff * diff;
      }
      cost[off + j] = sum;
    }
  }
}
