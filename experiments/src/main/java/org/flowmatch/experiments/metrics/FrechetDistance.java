package org.flowmatch.experiments.metrics;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * The Fréchet (2-Wasserstein) distance between Gaussians fitted to two point sets, squared as in FID (Heusel et al.
 * 2017):
 *
 * <pre>
 * d^2 = |mu_a - mu_b|^2 + tr(S_a + S_b - 2 (S_a S_b)^{1/2}).
 * </pre>
 *
 * <p>S_a S_b is not symmetric, and FID's usual {@code scipy.linalg.sqrtm} of it can return complex values from
 * rounding. Here its trace is taken as tr((A S_b A)^{1/2}) with A = S_a^{1/2}: A S_b A is similar to S_a S_b
 * (A^{-1} (A S_b A) A = S_a S_b when S_a is invertible, and by continuity otherwise), symmetric and positive
 * semi-definite, so both square roots come from eigendecompositions of symmetric positive semi-definite matrices.
 * Those are taken as singular value decompositions (for such a matrix S = V diag(sigma) V^T with sigma its
 * eigenvalues): commons-math3's {@code EigenDecomposition} fails to converge on the rank-deficient covariances of
 * collapsed samples (all of a class one image), its SVD does not. Covariances are the unbiased ones (divided by
 * n - 1), as numpy's {@code cov} in FID code.
 */
public final class FrechetDistance {
  private FrechetDistance() {}

  /**
   * The squared Fréchet distance between the Gaussians fitted to {@code a} and {@code b} (at least 2 points each,
   * one dimension).
   *
   * @throws IllegalArgumentException if a set has fewer than 2 points or a non-finite value, or the dimensions
   *     differ
   */
  public static double of(double[][] a, double[][] b) {
    int d = PointSets.sameDim(a, "a", b, "b");
    PointSets.atLeast(a, "a", 2, "to fit a covariance");
    PointSets.atLeast(b, "b", 2, "to fit a covariance");
    double[] ma = mean(a, d);
    double[] mb = mean(b, d);
    return ofGaussians(ma, covariance(a, ma), mb, covariance(b, mb));
  }

  /**
   * The squared Fréchet distance between N(mu_a, S_a) and N(mu_b, S_b); the covariances must be symmetric positive
   * semi-definite (tiny negative eigenvalues from rounding are taken as zero).
   *
   * @throws IllegalArgumentException if the shapes disagree or a value is not finite
   */
  public static double ofGaussians(double[] muA, double[][] covA, double[] muB, double[][] covB) {
    int d = muA.length;
    if (muB.length != d || covA.length != d || covB.length != d) {
      throw new IllegalArgumentException("means and covariances must share one dimension, got " + d + ", "
          + muB.length + ", " + covA.length + " and " + covB.length);
    }
    double shift = 0;
    for (int i = 0; i < d; i++) {
      double diff = muA[i] - muB[i];
      shift += diff * diff;
    }
    RealMatrix sa = matrix(covA, "covA");
    RealMatrix sb = matrix(covB, "covB");
    RealMatrix root = sqrt(sa);
    RealMatrix m = root.multiply(sb).multiply(root);
    double cross = traceOfSqrt(symmetrized(m));
    double value = shift + sa.getTrace() + sb.getTrace() - 2 * cross;
    // Rounding can leave -1e-15 for equal Gaussians; a distance is never negative.
    return Math.max(0, value);
  }

  /** The symmetric positive semi-definite square root of a symmetric positive semi-definite matrix. */
  static RealMatrix sqrt(RealMatrix s) {
    SingularValueDecomposition e = new SingularValueDecomposition(symmetrized(s));
    RealMatrix v = e.getV();
    double[] lambda = e.getSingularValues();
    int d = lambda.length;
    RealMatrix scaled = v.copy();
    for (int j = 0; j < d; j++) {
      double r = Math.sqrt(Math.max(0, lambda[j]));
      for (int i = 0; i < d; i++) {
        scaled.setEntry(i, j, v.getEntry(i, j) * r);
      }
    }
    return symmetrized(scaled.multiply(v.transpose()));
  }

  private static double traceOfSqrt(RealMatrix s) {
    double t = 0;
    for (double sigma : new SingularValueDecomposition(s).getSingularValues()) {
      t += Math.sqrt(sigma);
    }
    return t;
  }

  private static RealMatrix symmetrized(RealMatrix m) {
    return m.add(m.transpose()).scalarMultiply(0.5);
  }

  private static RealMatrix matrix(double[][] c, String name) {
    int d = c.length;
    for (int i = 0; i < d; i++) {
      if (c[i].length != d) {
        throw new IllegalArgumentException(name + " must be " + d + " x " + d + ", but row " + i + " has "
            + c[i].length + " values");
      }
      for (int j = 0; j < d; j++) {
        if (!Double.isFinite(c[i][j])) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] must be finite, got " + c[i][j]);
        }
      }
    }
    return new Array2DRowRealMatrix(c, true);
  }

  static double[] mean(double[][] x, int d) {
    double[] m = new double[d];
    for (double[] p : x) {
      for (int j = 0; j < d; j++) {
        m[j] += p[j];
      }
    }
    for (int j = 0; j < d; j++) {
      m[j] /= x.length;
    }
    return m;
  }

  static double[][] covariance(double[][] x, double[] mean) {
    int d = mean.length;
    double[][] c = new double[d][d];
    for (double[] p : x) {
      for (int i = 0; i < d; i++) {
        double di = p[i] - mean[i];
        for (int j = i; j < d; j++) {
          c[i][j] += di * (p[j] - mean[j]);
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        c[i][j] /= x.length - 1;
        c[j][i] = c[i][j];
      }
    }
    return c;
  }
}
