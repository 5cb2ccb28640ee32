package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Integrates dy/dt = f(y, t) for a batch of initial states, forwards (t1 &gt; t0) or backwards (t1 &lt; t0) in
 * time, with t0 and t1 in [0, 1].
 *
 * <p>Implementations are immutable and thread-safe; the field they are given may not be.
 */
public interface OdeSolver {

  /** The registered name, for example {@code dopri5}. */
  String name();

  /**
   * Solves from {@code t0} to {@code t1}.
   *
   * @param field the right-hand side
   * @param y0 initial states {@code [batch, dim]}, finite; its data type is the type of the whole solve
   * @param t0 initial time in [0, 1]
   * @param t1 final time in [0, 1]
   * @param outputTimes times in [min(t0, t1), max(t0, t1)] at which the states are wanted, monotone in the
   *     direction of integration; the solver interpolates them rather than stepping onto them
   * @param observer told of every accepted step
   */
  OdeSolution solve(VelocityField field, INDArray y0, double t0, double t1, double[] outputTimes,
      StepObserver observer);

  /** Solves from {@code t0} to {@code t1}, keeping only the final state. */
  default OdeSolution solve(VelocityField field, INDArray y0, double t0, double t1) {
    return solve(field, y0, t0, t1, new double[0], StepObserver.NONE);
  }
}
