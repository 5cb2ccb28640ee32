package org.flowmatch.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A velocity field that can also be differentiated with respect to x: the interface of everything that the
 * log-likelihood integrates (trained networks and closed-form oracles alike).
 */
public interface VelocityModel extends VelocityField {

  /** The dimension of the states this model acts on. */
  int dim();

  /**
   * The data type its inputs should have: samplers and likelihoods cast their states to it (float32 for a float
   * network; double for closed-form models, the default).
   */
  default DataType dataType() {
    return DataType.DOUBLE;
  }

  /**
   * Evaluates the model at {@code (x, t)} once and keeps what vector-Jacobian products need, so that several
   * products (one per probe or per coordinate) share one forward pass.
   *
   * @param x states {@code [batch, dim]}
   * @param t times {@code [batch, 1]}
   */
  Linearization linearize(INDArray x, INDArray t);

  /**
   * {@link #linearize(INDArray, INDArray)} for a subset of a solve's rows, as in
   * {@link VelocityField#velocity(INDArray, INDArray, int[])}: models that hold per-row state (a condition per
   * row) override it to pick their rows; others ignore the indices.
   */
  default Linearization linearize(INDArray x, INDArray t, int[] rows) {
    return linearize(x, t);
  }

  @Override
  default INDArray velocity(INDArray x, INDArray t) {
    return linearize(x, t).velocity();
  }
}
