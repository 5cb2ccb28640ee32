package org.flowmatch.experiments.metrics;

import java.util.Arrays;
import org.flowmatch.core.Rng;

/**
 * The sliced 2-Wasserstein distance (Rabin, Peyré, Delon and Bernot 2011; Bonneel et al. 2015): the root mean
 * square over random unit directions u of the exact 1-D distance between the projections u . a and u . b.
 *
 * <p>It estimates SW_2(a, b) = (E_u W_2^2(u . a, u . b))^{1/2} with u uniform on the unit sphere, a
 * distance on distributions that is never larger than W_2 (projection is 1-Lipschitz) and, for a pure shift s,
 * equals |s| / sqrt(d), since E (u . s)^2 = |s|^2 / d. Unlike {@link Wasserstein} it costs only
 * O(projections * n log n) and accepts samples of different sizes. Its value depends on the directions drawn, so
 * they come from the caller's {@link Rng}.
 */
public final class SlicedWasserstein {
  private SlicedWasserstein() {}

  /**
   * The sliced W_2 over {@code projections} directions, each d standard normal deviates from {@code rng} (in order)
   * scaled to unit length, which makes them uniform on the sphere.
   *
   * @throws IllegalArgumentException if a set is empty or holds a non-finite value, the dimensions differ,
   *     {@code projections} is not positive or {@code rng} is null
   */
  public static double w2(double[][] a, double[][] b, int projections, Rng rng) {
    int d = PointSets.sameDim(a, "a", b, "b");
    if (projections <= 0) {
      throw new IllegalArgumentException("projections must be positive, got " + projections);
    }
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    double[] u = new double[d];
    double[] pa = new double[a.length];
    double[] pb = new double[b.length];
    double sum = 0;
    for (int k = 0; k < projections; k++) {
      double norm;
      do {
        rng.fillGaussian(u);
        norm = 0;
        for (double c : u) {
          norm += c * c;
        }
      } while (norm == 0);
      norm = Math.sqrt(norm);
      for (int c = 0; c < d; c++) {
        u[c] /= norm;
      }
      project(a, u, pa);
      project(b, u, pb);
      Arrays.sort(pa);
      Arrays.sort(pb);
      sum += squaredSorted(pa, pb);
    }
    return Math.sqrt(sum / projections);
  }

  /**
   * The exact W_2 between two 1-D empirical distributions of any sizes: the L2 distance between their quantile
   * functions, W_2^2 = int_0^1 (F^-1(q) - G^-1(q))^2 dq. Both quantile functions are steps (at multiples of 1/n and
   * 1/m), so the integral is an exact sum over the merged steps; for equal sizes it is the mean squared difference
   * of the sorted values.
   *
   * @throws IllegalArgumentException if a sample is empty or holds a non-finite value
   */
  public static double oneDimensional(double[] x, double[] y) {
    PointSets.finiteValues(x, "x");
    PointSets.finiteValues(y, "y");
    double[] sx = x.clone();
    double[] sy = y.clone();
    Arrays.sort(sx);
    Arrays.sort(sy);
    return Math.sqrt(squaredSorted(sx, sy));
  }

  /** W_2^2 between sorted samples by merging their quantile steps; exact in integer arithmetic on the grid. */
  static double squaredSorted(double[] x, double[] y) {
    int n = x.length;
    int m = y.length;
    if (n == m) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        double diff = x[i] - y[i];
        s += diff * diff;
      }
      return s / n;
    }
    // On the common grid of multiples of 1/(n m): x's step i covers (i m, (i + 1) m], y's step j (j n, (j + 1) n].
    long total = (long) n * m;
    long position = 0;
    int i = 0;
    int j = 0;
    double s = 0;
    while (position < total) {
      long next = Math.min((long) (i + 1) * m, (long) (j + 1) * n);
      double diff = x[i] - y[j];
      s += diff * diff * (next - position);
      position = next;
      if (position == (long) (i + 1) * m) {
        i++;
      }
      if (position == (long) (j + 1) * n) {
        j++;
      }
    }
    return s / total;
  }

  private static void project(double[][] points, double[] u, double[] out) {
    for (int i = 0; i < points.length; i++) {
      double s = 0;
      double[] p = points[i];
      for (int c = 0; c < u.length; c++) {
        s += p[c] * u[c];
      }
      out[i] = s;
    }
  }
}
