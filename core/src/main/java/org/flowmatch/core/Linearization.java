package org.flowmatch.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A velocity model evaluated at one batch {@code (x, t)}, ready to answer derivative questions about that point.
 */
public interface Linearization {

  /** v(x, t) {@code [batch, dim]}. */
  INDArray velocity();

  /**
   * The vector-Jacobian product w^T (dv/dx) of every row: row i is {@code w_i^T J_i} where J_i is the Jacobian
   * of v(., t_i) at x_i.
   *
   * @param w cotangents {@code [batch, dim]}
   * @return {@code [batch, dim]}, a new array in the data type of the x this linearization was taken at
   */
  INDArray vjp(INDArray w);

  /**
   * The divergence (trace of dv/dx) of every row {@code [batch, 1]}, when the model knows it in closed form.
   * Estimators use it instead of {@code dim} vector-Jacobian products.
   */
  default Optional<INDArray> exactDivergence() {
    return Optional.empty();
  }
}
