package org.flowmatch.experiments.metrics;

/** Argument checks and flat copies of point sets, shared by the metrics. */
final class PointSets {
  private PointSets() {}

  /**
   * Checks that {@code x} is a non-empty set of finite points of one dimension and returns that dimension.
   *
   * @throws IllegalArgumentException naming {@code name} otherwise
   */
  static int dim(double[][] x, String name) {
    if (x == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (x.length == 0) {
      throw new IllegalArgumentException(name + " must hold at least one point, got none");
    }
    int d = -1;
    for (int i = 0; i < x.length; i++) {
      double[] p = x[i];
      if (p == null) {
        throw new IllegalArgumentException(name + "[" + i + "] must not be null");
      }
      if (d < 0) {
        d = p.length;
        if (d == 0) {
          throw new IllegalArgumentException(name + " must have at least one coordinate, but point 0 has none");
        }
      } else if (p.length != d) {
        throw new IllegalArgumentException(name + " must have one dimension, but point 0 has " + d
            + " coordinates and point " + i + " has " + p.length);
      }
      for (int k = 0; k < d; k++) {
        if (!Double.isFinite(p[k])) {
          throw new IllegalArgumentException(name + "[" + i + "][" + k + "] must be finite, got " + p[k]);
        }
      }
    }
    return d;
  }

  /** Checks both sets as {@link #dim} does and that they share a dimension, which it returns. */
  static int sameDim(double[][] a, String aName, double[][] b, String bName) {
    int da = dim(a, aName);
    int db = dim(b, bName);
    if (da != db) {
      throw new IllegalArgumentException(aName + " and " + bName + " must have the same dimension, got " + da
          + " and " + db);
    }
    return da;
  }

  /** {@code x} must hold at least {@code min} points. */
  static void atLeast(double[][] x, String name, int min, String why) {
    if (x.length < min) {
      throw new IllegalArgumentException(name + " must hold at least " + min + " points " + why + ", got "
          + x.length);
    }
  }

  /** The points in row-major order, {@code d} coordinates each. */
  static double[] flatten(double[][] x, int d) {
    double[] flat = new double[x.length * d];
    for (int i = 0; i < x.length; i++) {
      System.arraycopy(x[i], 0, flat, i * d, d);
    }
    return flat;
  }

  /** |x_i - y_j|^2 for flat point arrays of dimension {@code d}. */
  static double squaredDistance(double[] x, int i, double[] y, int j, int d) {
    double s = 0;
    int pi = i * d;
    int pj = j * d;
    for (int k = 0; k < d; k++) {
      double diff = x[pi + k] - y[pj + k];
      s += diff * diff;
    }
    return s;
  }

  /** Checks a vector of finite values, at least one. */
  static void finiteValues(double[] v, String name) {
    if (v == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (v.length == 0) {
      throw new IllegalArgumentException(name + " must hold at least one value, got none");
    }
    for (int i = 0; i < v.length; i++) {
      if (!Double.isFinite(v[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + v[i]);
      }
    }
  }
}
