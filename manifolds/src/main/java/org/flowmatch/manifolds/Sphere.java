package org.flowmatch.manifolds;

/**
 * The unit sphere S^d in R^(d+1) with the round metric. With theta = |u|:
 * <pre>
 *   exp_x(u)     = cos(theta) x + sin(theta) u / theta
 *   log_x(y)     = atan2(|w|, x.y) w / |w|,        w = y - (x.y) x   (0 when y = x)
 *   d(x, y)      = atan2(|w|, x.y)                 (accurate near 0 and near pi, unlike acos)
 *   P_x(u)       = u - (x.u) x / (x.x)
 *   d/dk exp_x(k v) = -|v| sin(k |v|) x + cos(k |v|) v
 * </pre>
 * log is undefined at the antipode of x (every direction is shortest); there w = 0 and log returns 0.
 */
public final class Sphere implements Manifold {

  @Override
  public String name() {
    return "sphere";
  }

  @Override
  public void checkDim(int dim) {
    if (dim < 2) {
      throw new IllegalArgumentException("the sphere S^d lives in R^(d+1) with d >= 1: rows need at least 2"
          + " columns, got " + dim);
    }
  }

  @Override
  public void exp(double[] x, double[] u, double[] out) {
    double theta = norm(u);
    double c = Math.cos(theta);
    // sin(theta) / theta, by its series where the quotient loses digits
    double s = theta < 1e-4 ? 1 - theta * theta / 6 : Math.sin(theta) / theta;
    for (int i = 0; i < x.length; i++) {
      out[i] = c * x[i] + s * u[i];
    }
  }

  @Override
  public void log(double[] x, double[] y, double[] out) {
    double dot = dot(x, y);
    for (int i = 0; i < x.length; i++) {
      out[i] = y[i] - dot * x[i];
    }
    double w = norm(out);
    double scale = w == 0 ? 0 : Math.atan2(w, dot) / w;
    for (int i = 0; i < x.length; i++) {
      out[i] *= scale;
    }
  }

  @Override
  public double distance(double[] x, double[] y) {
    double dot = dot(x, y);
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      double w = y[i] - dot * x[i];
      s += w * w;
    }
    return Math.atan2(Math.sqrt(s), dot);
  }

  @Override
  public void projectPoint(double[] x, double[] out) {
    double n = norm(x);
    if (!(n > 0) || !Double.isFinite(n)) {
      throw new IllegalArgumentException("cannot project " + java.util.Arrays.toString(x) + " onto the sphere: its"
          + " norm is " + n);
    }
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] / n;
    }
  }

  @Override
  public void projectTangent(double[] x, double[] u, double[] out) {
    double k = dot(x, u) / dot(x, x);
    for (int i = 0; i < x.length; i++) {
      out[i] = u[i] - k * x[i];
    }
  }

  @Override
  public double offManifold(double[] x) {
    return Math.abs(norm(x) - 1);
  }

  @Override
  public void geodesicVelocity(double[] x, double[] v, double k, double[] out) {
    double n = norm(v);
    double a = -n * Math.sin(k * n);
    double b = Math.cos(k * n);
    for (int i = 0; i < x.length; i++) {
      out[i] = a * x[i] + b * v[i];
    }
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  @Override
  public String toString() {
    return "sphere";
  }
}
