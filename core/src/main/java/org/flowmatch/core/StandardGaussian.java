package org.flowmatch.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The standard normal N(0, I) on R^dim: the usual source p0. */
public final class StandardGaussian implements Distribution {
  private final int dim;

  public StandardGaussian(int dim) {
    this.dim = Checks.positive(dim, "dim");
  }

  @Override
  public String name() {
    return "standard-gaussian";
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public INDArray sample(int n, Rng rng) {
    return sample(n, rng, DataType.DOUBLE);
  }

  @Override
  public INDArray sample(int n, Rng rng, DataType type) {
    return rng.gaussian(Checks.positive(n, "n"), dim, type);
  }

  @Override
  public INDArray logDensity(INDArray x) {
    Checks.matrix(x, "x", -1, dim);
    INDArray squaredNorm = Transforms.pow(x, 2, true).sum(true, 1);
    return squaredNorm.muli(-0.5).subi(0.5 * dim * Math.log(2 * Math.PI));
  }

  @Override
  public String toString() {
    return "N(0, I_" + dim + ")";
  }
}
