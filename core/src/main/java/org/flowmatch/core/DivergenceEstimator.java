package org.flowmatch.core;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Computes the divergence of a velocity model along with its velocity, exactly or as a stochastic estimate.
 */
public interface DivergenceEstimator {

  /** The registered name, for example {@code exact} or {@code hutchinson}. */
  String name();

  /**
   * Binds the estimator to one solve over a batch: random probes, if any, are drawn here, once, so that the
   * integrand is the same smooth function of time throughout the solve.
   *
   * @param model the model to differentiate
   * @param batch the number of rows of the solve
   * @param type the data type of the solve
   * @param rng the source of any probes
   */
  Bound bind(VelocityModel model, int batch, DataType type, Rng rng);

  /** An estimator bound to one model and one batch. */
  @FunctionalInterface
  interface Bound {
    /**
     * The velocity and divergence of some rows of the bound batch.
     *
     * @param x states {@code [n, dim]}
     * @param t times {@code [n, 1]}
     * @param rows the batch index of each row of {@code x}
     */
    VelocityAndDivergence evaluate(INDArray x, INDArray t, int[] rows);
  }

  /**
   * @param velocity {@code [n, dim]}
   * @param divergence {@code [n, 1]}
   */
  record VelocityAndDivergence(INDArray velocity, INDArray divergence) {}
}
