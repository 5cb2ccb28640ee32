package org.flowmatch.manifolds;

import java.util.Arrays;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The geodesic conditional path of Riemannian flow matching (Chen and Lipman 2024, eq. 10):
 * <pre>
 *   x_t = exp_{x1}(kappa_t log_{x1}(x0)),   kappa_t = 1 - t^n   (kappa_0 = 1: x0; kappa_1 = 0: x1)
 *   u_t = kappa'_t  d/dk exp_{x1}(k v)|_{k = kappa_t},   v = log_{x1}(x0),   kappa'_t = -n t^(n-1)
 * </pre>
 * The derivative is each manifold's closed form ({@link Manifold#geodesicVelocity}), no automatic differentiation.
 * n = 1 is the constant-speed geodesic of the paper and of flow_matching's GeodesicProbPath with CondOTScheduler
 * (which writes the same curve from the other end, exp_{x0}(t log_{x0}(x1))). On the Euclidean space this is the
 * affine path alpha_t = t^n, sigma_t = 1 - t^n.
 *
 * <p>Only velocity models: x1 and epsilon predictions have no conversion on a manifold. Immutable.
 */
public final class GeodesicPath implements ProbabilityPath, OnManifold {
  private final Manifold manifold;
  private final double exponent;

  public GeodesicPath(Manifold manifold, double exponent) {
    if (manifold == null) {
      throw new IllegalArgumentException("manifold must not be null");
    }
    if (!(exponent >= 1) || !Double.isFinite(exponent)) {
      throw new IllegalArgumentException("exponent must be at least 1 (kappa = 1 - t^n must be finite at t = 0),"
          + " got " + exponent);
    }
    this.manifold = manifold;
    this.exponent = exponent;
  }

  @Override
  public Manifold manifold() {
    return manifold;
  }

  @Override
  public String name() {
    return "geodesic";
  }

  /** kappa_t = 1 - t^n. */
  public double kappa(double t) {
    return 1 - Math.pow(t, exponent);
  }

  /** kappa'_t = -n t^(n-1). */
  public double kappaDerivative(double t) {
    return exponent == 1 ? -1 : -exponent * Math.pow(t, exponent - 1);
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
    Rows.requireOn(manifold, x0, "x0");
    Rows.requireOn(manifold, x1, "x1");
    if (x1.rows() != x0.rows() || x1.columns() != x0.columns()) {
      throw new IllegalArgumentException("x1 must have the shape of x0 " + Arrays.toString(x0.shape()) + ", got "
          + Arrays.toString(x1.shape()));
    }
    int n = (int) x0.rows();
    int d = (int) x0.columns();
    double[] times = times(t, n);
    double[] a = NdArrays.toDoubles(x0);
    double[] b = NdArrays.toDoubles(x1);
    double[] xt = new double[n * d];
    double[] ut = new double[n * d];
    double[] start = new double[d];
    double[] end = new double[d];
    double[] v = new double[d];
    double[] out = new double[d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(a, i * d, start, 0, d);
      System.arraycopy(b, i * d, end, 0, d);
      manifold.log(end, start, v);
      double k = kappa(times[i]);
      double dk = kappaDerivative(times[i]);
      for (int j = 0; j < d; j++) {
        out[j] = k * v[j];
      }
      manifold.exp(end, out, out);
      System.arraycopy(out, 0, xt, i * d, d);
      manifold.geodesicVelocity(end, v, k, out);
      for (int j = 0; j < d; j++) {
        ut[i * d + j] = dk * out[j];
      }
    }
    return new PathSample(NdArrays.matrix(xt, n, d, x0.dataType()), NdArrays.matrix(ut, n, d, x0.dataType()));
  }

  @Override
  public INDArray convert(INDArray prediction, Parameterization from, Parameterization to, INDArray xt,
      INDArray t) {
    if (from != Parameterization.VELOCITY || to != Parameterization.VELOCITY) {
      throw new IllegalArgumentException("the geodesic path converts nothing: a model on a manifold must predict"
          + " velocity (model.parameterization: velocity), got " + from + " -> " + to);
    }
    return prediction.dup();
  }

  private static double[] times(INDArray t, int rows) {
    org.flowmatch.core.Checks.matrix(t, "t", rows, 1);
    double[] values = NdArrays.toDoubles(t);
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0 && values[i] <= 1)) {
        throw new IllegalArgumentException("t must lie in [0, 1], got " + values[i] + " at row " + i);
      }
    }
    return values;
  }

  @Override
  public String toString() {
    return "geodesic(" + manifold.name() + ", kappa = 1 - t^" + exponent + ")";
  }
}
