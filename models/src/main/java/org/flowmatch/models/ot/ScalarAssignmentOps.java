package org.flowmatch.models.ot;

/**
 * {@link AssignmentOps} in plain Java: the reference for {@code VectorAssignmentOps} (bit for bit) and the fallback
 * on JVMs without {@code jdk.incubator.vector}.
 */
final class ScalarAssignmentOps implements AssignmentOps {

  @Override
  public int relax(double[] c, int base, double[] v, double h, double[] d, double[] pred, double row, int n) {
    return relaxFrom(c, base, v, h, d, pred, row, 0, n, Double.POSITIVE_INFINITY, -1);
  }

  /** {@link #relax} over [from, n), given the least distance before {@code from} and its first column. */
  static int relaxFrom(double[] c, int base, double[] v, double h, double[] d, double[] pred, double row, int from,
      int n, double min, int first) {
    for (int j = from; j < n; j++) {
      double r = c[base + j] - v[j] - h;
      double dj = d[j];
      if (r < dj) {
        dj = r;
        d[j] = r;
        pred[j] = row;
      }
      if (dj < min) {
        min = dj;
        first = j;
      }
    }
    return first;
  }

  @Override
  public int nearest(double[] d, int[] y, int first, int n) {
    return y[first] < 0 ? first : freeTie(d, y, first, first + 1, n);
  }

  /** The first free column in [from, n) at the distance of {@code first}, else {@code first}. */
  static int freeTie(double[] d, int[] y, int first, int from, int n) {
    double min = d[first];
    for (int j = from; j < n; j++) {
      if (d[j] == min && y[j] < 0) {
        return j;
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
    lowerPricesFrom(c, base, u, prices, 0, n);
  }

  /** {@link #lowerPrices} over [from, n). */
  static void lowerPricesFrom(double[] c, int base, double u, double[] prices, int from, int n) {
    for (int j = from; j < n; j++) {
      double r = c[base + j] - u;
      if (r < prices[j]) {
        prices[j] = r;
      }
    }
  }

  @Override
  public void squaredDistanceRow(double[] a, int aOff, double[] bt, int n, int d, double[] cost, int off) {
    squaredDistancesFrom(a, aOff, bt, n, d, cost, off, 0);
  }

  /** {@link #squaredDistanceRow} for the columns [from, n). */
  static void squaredDistancesFrom(double[] a, int aOff, double[] bt, int n, int d, double[] cost, int off,
      int from) {
    for (int j = from; j < n; j++) {
      double sum = 0;
      for (int k = 0; k < d; k++) {
        double diff = a[aOff + k] - bt[k * n + j];
        sum += diff * diff;
      }
      cost[off + j] = sum;
    }
  }
}
