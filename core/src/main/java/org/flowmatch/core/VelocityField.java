package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A time-dependent vector field v(x, t) evaluated on a batch: the right-hand side of dx/dt = v(x, t).
 *
 * <p>Implementations must not modify their arguments and must return a fresh array that the caller owns (the
 * solvers keep several evaluations alive at once and update them in place).
 */
@FunctionalInterface
public interface VelocityField {

  /**
   * The velocity of every row.
   *
   * @param x states {@code [batch, dim]}
   * @param t times {@code [batch, 1]}, one per row, in the data type of {@code x}
   * @return velocities {@code [batch, dim]}, a new array
   */
  INDArray velocity(INDArray x, INDArray t);

  /**
   * The velocity of a subset of a solve's rows: row {@code i} of {@code x} is row {@code rows[i]} of the batch
   * the solve started with. Solvers that drop finished rows call this; fields that hold per-row state (for
   * example the Hutchinson probes of a likelihood solve) override it to pick their rows. Others ignore the
   * indices.
   */
  default INDArray velocity(INDArray x, INDArray t, int[] rows) {
    return velocity(x, t);
  }
}
