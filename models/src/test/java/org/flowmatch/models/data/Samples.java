package org.flowmatch.models.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.function.DoubleBinaryOperator;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;

/** Samples of 2-D datasets as flat {x0, y0, x1, y1, ...} arrays, and their moments with standard errors. */
final class Samples {
  /** How many standard errors a Monte Carlo estimate may be off. */
  static final double Z = 5;

  private Samples() {}

  static double[] draw(Distribution d, int n, long seed) {
    return NdArrays.toDoubles(d.sample(n, Rng.seeded(seed)));
  }

  static int size(double[] xy) {
    return xy.length / 2;
  }

  static double[] mean(double[] xy) {
    int n = size(xy);
    double[] m = new double[2];
    for (int i = 0; i < n; i++) {
      m[0] += xy[2 * i] / n;
      m[1] += xy[2 * i + 1] / n;
    }
    return m;
  }

  /** The mean of f(x, y) over the sample. */
  static double average(double[] xy, DoubleBinaryOperator f) {
    int n = size(xy);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += f.applyAsDouble(xy[2 * i], xy[2 * i + 1]);
    }
    return sum / n;
  }

  /** The standard error of the mean of f(x, y). */
  static double standardError(double[] xy, DoubleBinaryOperator f) {
    int n = size(xy);
    double m = average(xy, f);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double d = f.applyAsDouble(xy[2 * i], xy[2 * i + 1]) - m;
      sum += d * d;
    }
    return Math.sqrt(sum / (n - 1) / n);
  }

  /** The p-quantile of one coordinate (0: x, 1: y). */
  static double quantile(double[] xy, int coordinate, double p) {
    int n = size(xy);
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = xy[2 * i + coordinate];
    }
    Arrays.sort(v);
    return v[(int) Math.min(n - 1, Math.floor(p * n))];
  }

  /**
   * The means of x, y, x^2, xy and y^2 of two independent samples agree within {@link #Z} standard errors of
   * their difference: the first two moments of two laws match.
   */
  static void assertSameMoments(double[] expected, double[] actual, String what) {
    String[] names = {"E[x]", "E[y]", "E[x^2]", "E[xy]", "E[y^2]"};
    DoubleBinaryOperator[] fs = {(x, y) -> x, (x, y) -> y, (x, y) -> x * x, (x, y) -> x * y,
        (x, y) -> y * y};
    for (int k = 0; k < fs.length; k++) {
      double e = average(expected, fs[k]);
      double a = average(actual, fs[k]);
      double se = Math.hypot(standardError(expected, fs[k]), standardError(actual, fs[k]));
      System.out.printf("  %s %s: reference %.5f, sampled %.5f (%.2f standard errors)%n", what, names[k], e, a,
          (a - e) / se);
      assertEquals(e, a, Z * se, what + " " + names[k]);
    }
  }
}
