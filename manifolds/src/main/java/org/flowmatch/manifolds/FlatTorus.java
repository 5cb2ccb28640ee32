package org.flowmatch.manifolds;

/**
 * The flat torus [0, 2 pi)^d: R^d modulo 2 pi in every coordinate, with the flat metric. Points are represented in
 * the chart [0, 2 pi)^d; tangent vectors are any vectors of R^d.
 * <pre>
 *   exp_x(u) = (x + u) mod 2 pi
 *   log_x(y) = ((y - x + pi) mod 2 pi) - pi            (each coordinate in [-pi, pi))
 *   d(x, y)  = |log_x(y)|
 *   P_x(u)   = u
 *   d/dk exp_x(k v) = v                                (geodesics are straight lines, wrapped)
 * </pre>
 * As in flow_matching's FlatTorus, a point is projected by reducing it modulo 2 pi; a point of the ambient R^d
 * outside [0, 2 pi]^d is off the chart by its distance to the square.
 */
public final class FlatTorus implements Manifold {
  static final double TWO_PI = 2 * Math.PI;

  @Override
  public String name() {
    return "torus";
  }

  @Override
  public void checkDim(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("the flat torus needs at least 1 column, got " + dim);
    }
  }

  @Override
  public void exp(double[] x, double[] u, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = wrap(x[i] + u[i]);
    }
  }

  @Override
  public void log(double[] x, double[] y, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = wrap(y[i] - x[i] + Math.PI) - Math.PI;
    }
  }

  @Override
  public double distance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double d = wrap(y[i] - x[i] + Math.PI) - Math.PI;
      s += d * d;
    }
    return Math.sqrt(s);
  }

  @Override
  public void projectPoint(double[] x, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = wrap(x[i]);
    }
  }

  @Override
  public void projectTangent(double[] x, double[] u, double[] out) {
    System.arraycopy(u, 0, out, 0, u.length);
  }

  @Override
  public double offManifold(double[] x) {
    double s = 0;
    for (double v : x) {
      double outside = Math.max(0, Math.max(-v, v - TWO_PI));
      s += outside * outside;
    }
    return Math.sqrt(s);
  }

  @Override
  public void geodesicVelocity(double[] x, double[] v, double k, double[] out) {
    System.arraycopy(v, 0, out, 0, v.length);
  }

  /** a mod 2 pi in [0, 2 pi). */
  static double wrap(double a) {
    double r = a - TWO_PI * Math.floor(a / TWO_PI);
    return r >= TWO_PI ? 0 : r;
  }

  @Override
  public String toString() {
    return "torus";
  }
}
