package org.flowmatch.manifolds;

import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution of R^k wrapped onto a manifold by the exponential map at a base point, as flow_matching's
 * notebooks build their data: x = exp_c(scale * (b, 0, ..., 0)) for b drawn from the base distribution, the
 * tangent vector padded with zeros to the ambient width. On the sphere S^2 with c the north pole (0, 0, 1) this
 * is the azimuthal equidistant chart; on the flat torus with c = 0 it is b modulo 2 pi.
 *
 * <p>Draws exactly what the base draws, in its order. No closed-form density. Immutable if its base is.
 */
public final class WrappedDistribution implements Distribution, OnManifold {
  private final String name;
  private final Distribution base;
  private final Manifold manifold;
  private final double[] center;
  private final double scale;

  /**
   * @param name the registered name
   * @param base the distribution of the tangent coordinates, of dimension at most the ambient width
   * @param manifold where the samples go
   * @param center the base point c, on the manifold; its length is the ambient width
   * @param scale the factor applied to the base's samples before the exponential map
   */
  public WrappedDistribution(String name, Distribution base, Manifold manifold, double[] center, double scale) {
    if (name == null || base == null || manifold == null || center == null) {
      throw new IllegalArgumentException("name, base, manifold and center must not be null");
    }
    manifold.checkDim(center.length);
    if (base.dim() > center.length) {
      throw new IllegalArgumentException("the base has dimension " + base.dim() + " but the ambient space only "
          + center.length);
    }
    if (manifold.offManifold(center) > Rows.TOLERANCE) {
      throw new IllegalArgumentException("the center " + java.util.Arrays.toString(center) + " is not on the "
          + manifold.name());
    }
    this.name = name;
    this.base = base;
    this.manifold = manifold;
    this.center = center.clone();
    this.scale = scale;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return center.length;
  }

  @Override
  public Manifold manifold() {
    return manifold;
  }

  @Override
  public INDArray sample(int n, Rng rng) {
    double[] b = NdArrays.toDoubles(base.sample(n, rng));
    int k = base.dim();
    int d = center.length;
    double[] out = new double[n * d];
    double[] u = new double[d];
    double[] x = new double[d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < k; j++) {
        u[j] = scale * b[i * k + j];
      }
      manifold.exp(center, u, x);
      System.arraycopy(x, 0, out, i * d, d);
    }
    return NdArrays.matrix(out, n, d, DataType.DOUBLE);
  }

  @Override
  public boolean hasDensity() {
    return false;
  }

  @Override
  public INDArray logDensity(INDArray x) {
    throw new UnsupportedOperationException("dataset '" + name + "' has no closed-form density");
  }

  @Override
  public String toString() {
    return name + ": " + base.name() + " x " + scale + " wrapped onto the " + manifold.name() + " at "
        + java.util.Arrays.toString(center);
  }
}
