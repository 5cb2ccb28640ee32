package org.flowmatch.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution on R^dim that can be sampled with an explicit generator and, where it is known in closed form,
 * evaluated.
 */
public interface Distribution {

  /** The registered or descriptive name, used in messages. */
  String name();

  int dim();

  /** {@code n} independent samples {@code [n, dim]} in double precision. */
  INDArray sample(int n, Rng rng);

  /**
   * {@link #sample(int, Rng)} rounded to {@code type}: the same draws and the same values. Distributions drawn in
   * Java override it to create the array in {@code type} at once (a training step then creates one native array
   * per batch instead of two: each costs about 10 us, as much as a small network's layer).
   */
  default INDArray sample(int n, Rng rng, DataType type) {
    INDArray x = sample(n, rng);
    return x.dataType() == type ? x : x.castTo(type);
  }

  /** Whether {@link #logDensity} is available. */
  default boolean hasDensity() {
    return true;
  }

  /**
   * The log-density (nats) of every row.
   *
   * @param x points {@code [n, dim]}
   * @return {@code [n, 1]}, in the data type of {@code x}
   * @throws UnsupportedOperationException if the distribution has no closed-form density
   */
  INDArray logDensity(INDArray x);
}
