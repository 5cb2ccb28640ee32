package org.flowmatch.manifolds;

/** R^n with its flat metric: exp and log are addition and subtraction; the geodesic path is the affine one. */
public final class Euclidean implements Manifold {

  @Override
  public String name() {
    return "euclidean";
  }

  @Override
  public void checkDim(int dim) {
    if (dim < 1) {
      throw new IllegalArgumentException("the Euclidean space needs at least 1 column, got " + dim);
    }
  }

  @Override
  public void exp(double[] x, double[] u, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i] + u[i];
    }
  }

  @Override
  public void log(double[] x, double[] y, double[] out) {
    for (int i = 0; i < x.length; i++) {
      out[i] = y[i] - x[i];
    }
  }

  @Override
  public double distance(double[] x, double[] y) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (y[i] - x[i]) * (y[i] - x[i]);
    }
    return Math.sqrt(s);
  }

  @Override
  public void projectPoint(double[] x, double[] out) {
    System.arraycopy(x, 0, out, 0, x.length);
  }

  @Override
  public void projectTangent(double[] x, double[] u, double[] out) {
    System.arraycopy(u, 0, out, 0, u.length);
  }

  @Override
  public double offManifold(double[] x) {
    return 0;
  }

  @Override
  public void geodesicVelocity(double[] x, double[] v, double k, double[] out) {
    System.arraycopy(v, 0, out, 0, v.length);
  }

  @Override
  public String toString() {
    return "euclidean";
  }
}
