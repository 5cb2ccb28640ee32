package org.flowmatch.solvers.likelihood;

import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/** Small dense matrix algebra for the closed forms of linear flows, on commons-math3. */
final class Matrices {
  private Matrices() {}

  /** expm(m) by scaling and squaring with a Taylor series, accurate to round-off for small matrices. */
  static RealMatrix expm(RealMatrix m) {
    int squarings = Math.max(0, (int) Math.ceil(Math.log(m.getNorm() / 0.25) / Math.log(2)));
    RealMatrix scaled = m.scalarMultiply(Math.pow(2, -squarings));
    int d = m.getRowDimension();
    RealMatrix sum = MatrixUtils.createRealIdentityMatrix(d);
    RealMatrix term = MatrixUtils.createRealIdentityMatrix(d);
    for (int k = 1; k <= 30; k++) {
      term = term.multiply(scaled).scalarMultiply(1.0 / k);
      sum = sum.add(term);
    }
    for (int i = 0; i < squarings; i++) {
      sum = sum.multiply(sum);
    }
    return sum;
  }

  /**
   * The points x0 that the flow of v = A x + b carries to {@code x1} (rows) by t = 1: x1 = E x0 + A^-1 (E - I) b
   * with E = expm(A), so x0 = E^-1 (x1 - A^-1 (E - I) b).
   */
  static double[][] pullBack(double[][] a, double[] b, double[][] x1) {
    RealMatrix am = MatrixUtils.createRealMatrix(a);
    RealMatrix e = expm(am);
    int d = a.length;
    double[] shift = java.util.Arrays.stream(b).allMatch(v -> v == 0) ? new double[d]
        : new LUDecomposition(am).getSolver()
            .solve(e.subtract(MatrixUtils.createRealIdentityMatrix(d)).operate(MatrixUtils.createRealVector(b)))
            .toArray();
    RealMatrix eInverse = expm(am.scalarMultiply(-1));
    double[][] x0 = new double[x1.length][];
    for (int r = 0; r < x1.length; r++) {
      double[] centred = new double[d];
      for (int i = 0; i < d; i++) {
        centred[i] = x1[r][i] - shift[i];
      }
      x0[r] = eInverse.operate(centred);
    }
    return x0;
  }

  /** log N(x; 0, I) of one point. */
  static double standardNormalLogDensity(double[] x) {
    double sq = 0;
    for (double v : x) {
      sq += v * v;
    }
    return -0.5 * sq - 0.5 * x.length * Math.log(2 * Math.PI);
  }

  /** The exact log p1(x1) of every row under the flow of v = A x + b from N(0, I): log N(x0) - tr(A). */
  static double[] exactLogLikelihood(double[][] a, double[] b, double[][] x1) {
    double trace = 0;
    for (int i = 0; i < a.length; i++) {
      trace += a[i][i];
    }
    double[][] x0 = pullBack(a, b, x1);
    double[] out = new double[x1.length];
    for (int r = 0; r < x1.length; r++) {
      out[r] = standardNormalLogDensity(x0[r]) - trace;
    }
    return out;
  }
}
