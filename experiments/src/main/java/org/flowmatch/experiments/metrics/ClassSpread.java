package org.flowmatch.experiments.metrics;

/**
 * The diversity of samples within each class: the root mean squared distance of a class's points to their mean,
 * sqrt(tr Cov) with the 1/n covariance. Guidance sharpens classes and pulls samples toward typical ones, which
 * shows as a spread below that of real data; {@link #ratio} compares the two class by class.
 */
public final class ClassSpread {
  private ClassSpread() {}

  /**
   * The spread of the points of each class {@code k} in {0, ..., classes - 1}; NaN for a class with no point.
   *
   * @throws IllegalArgumentException if the sets are empty or ragged, hold a non-finite value, differ in length or
   *     a label is out of range
   */
  public static double[] perClass(double[][] x, int[] labels, int classes) {
    int d = PointSets.dim(x, "x");
    if (labels.length != x.length) {
      throw new IllegalArgumentException("x has " + x.length + " points but labels has " + labels.length);
    }
    double[][] sum = new double[classes][d];
    double[] sumSquares = new double[classes];
    int[] count = new int[classes];
    for (int i = 0; i < x.length; i++) {
      int k = labels[i];
      if (k < 0 || k >= classes) {
        throw new IllegalArgumentException("labels[" + i + "] must be in [0, " + classes + "), got " + k);
      }
      count[k]++;
      for (int j = 0; j < d; j++) {
        sum[k][j] += x[i][j];
      }
    }
    for (int i = 0; i < x.length; i++) {
      int k = labels[i];
      for (int j = 0; j < d; j++) {
        double diff = x[i][j] - sum[k][j] / count[k];
        sumSquares[k] += diff * diff;
      }
    }
    double[] spread = new double[classes];
    for (int k = 0; k < classes; k++) {
      spread[k] = count[k] == 0 ? Double.NaN : Math.sqrt(sumSquares[k] / count[k]);
    }
    return spread;
  }

  /**
   * The mean over classes of the generated spread divided by the real spread: 1 when samples vary as much as the
   * data within each class, below 1 when they collapse toward typical ones. Classes missing from either set, or
   * with no real spread, are left out; NaN if none is left.
   */
  public static double ratio(double[] generated, double[] real) {
    if (generated.length != real.length) {
      throw new IllegalArgumentException("generated and real must give one spread per class, got "
          + generated.length + " and " + real.length);
    }
    double s = 0;
    int n = 0;
    for (int k = 0; k < real.length; k++) {
      if (Double.isFinite(generated[k]) && real[k] > 0) {
        s += generated[k] / real[k];
        n++;
      }
    }
    return n == 0 ? Double.NaN : s / n;
  }
}
