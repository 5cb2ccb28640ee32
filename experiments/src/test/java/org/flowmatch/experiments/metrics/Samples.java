package org.flowmatch.experiments.metrics;

import org.flowmatch.core.Rng;

/** Point sets for the metric tests. */
final class Samples {
  private Samples() {}

  /** n points of N(mean, sd^2 I). */
  static double[][] gaussian(int n, double[] mean, double sd, Rng rng) {
    double[][] x = new double[n][mean.length];
    for (double[] p : x) {
      for (int k = 0; k < mean.length; k++) {
        p[k] = mean[k] + sd * rng.nextGaussian();
      }
    }
    return x;
  }

  /** n points of N(0, I_d). */
  static double[][] standard(int n, int d, Rng rng) {
    return gaussian(n, new double[d], 1, rng);
  }

  /** A standard normal vector of dimension d. */
  static double[] vector(int d, Rng rng) {
    double[] v = new double[d];
    rng.fillGaussian(v);
    return v;
  }

  /** x_i + s for every point. */
  static double[][] shifted(double[][] x, double[] s) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i].clone();
      for (int k = 0; k < s.length; k++) {
        y[i][k] += s[k];
      }
    }
    return y;
  }

  /** y[i] = x[p[i]]. */
  static double[][] permuted(double[][] x, int[] p) {
    double[][] y = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[p[i]].clone();
    }
    return y;
  }

  static double norm(double[] v) {
    double s = 0;
    for (double e : v) {
      s += e * e;
    }
    return Math.sqrt(s);
  }

  static double squaredDistance(double[] x, double[] y) {
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      s += (x[k] - y[k]) * (x[k] - y[k]);
    }
    return s;
  }

  /** One-coordinate points from values. */
  static double[][] column(double... v) {
    double[][] x = new double[v.length][];
    for (int i = 0; i < v.length; i++) {
      x[i] = new double[] {v[i]};
    }
    return x;
  }
}
