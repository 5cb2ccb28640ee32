package org.flowmatch.models.data;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The one engine behind the 2-D datasets that can be sampled but have no closed-form density: a name and a
 * {@link PointSampler}, called once per row in row order. Immutable if its sampler is.
 */
public final class SampledDataset implements Distribution {
  private final String name;
  private final PointSampler sampler;

  public SampledDataset(String name, PointSampler sampler) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank, got " + (name == null ? "null" : "'" + name + "'"));
    }
    if (sampler == null) {
      throw new IllegalArgumentException("sampler must not be null");
    }
    this.name = name;
    this.sampler = sampler;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return 2;
  }

  /** {@code n} independent points {@code [n, 2]} in double precision, row i from the i-th call of the sampler. */
  @Override
  public INDArray sample(int n, Rng rng) {
    Checks.positive(n, "n");
    if (rng == null) {
      throw new IllegalArgumentException("rng must not be null");
    }
    double[] out = new double[Math.multiplyExact(n, 2)];
    double[] point = new double[2];
    for (int i = 0; i < n; i++) {
      sampler.draw(rng, point);
      out[2 * i] = point[0];
      out[2 * i + 1] = point[1];
    }
    return NdArrays.matrix(out, n, 2, DataType.DOUBLE);
  }

  @Override
  public boolean hasDensity() {
    return false;
  }

  /** @throws UnsupportedOperationException always: these datasets are defined by their samplers only */
  @Override
  public INDArray logDensity(INDArray x) {
    throw new UnsupportedOperationException("dataset '" + name + "' has no closed-form density");
  }

  @Override
  public String toString() {
    return name + ": " + sampler;
  }
}
