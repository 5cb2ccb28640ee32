package org.flowmatch.core;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The result of one solve.
 *
 * @param finalState the states at t1 {@code [batch, dim]}
 * @param outputTimes the requested intermediate times
 * @param outputStates the states at those times, one {@code [batch, dim]} array each
 * @param nfe the number of batched calls of the field
 * @param rowEvaluations the number of rows evaluated over all calls (what the evaluations cost)
 * @param acceptedSteps the accepted steps of every row
 * @param rejectedSteps the rejected steps of every row
 */
public record OdeSolution(INDArray finalState, double[] outputTimes, List<INDArray> outputStates, int nfe,
    long rowEvaluations, int[] acceptedSteps, int[] rejectedSteps) {

  /** The most accepted steps any row took (the number of steps when all rows share one step size). */
  public int maxAcceptedSteps() {
    return Arrays.stream(acceptedSteps).max().orElse(0);
  }

  /** The most rejected steps any row took. */
  public int maxRejectedSteps() {
    return Arrays.stream(rejectedSteps).max().orElse(0);
  }

  /** The mean number of accepted steps per row. */
  public double meanAcceptedSteps() {
    return Arrays.stream(acceptedSteps).average().orElse(0);
  }

  @Override
  public String toString() {
    return "OdeSolution[nfe=" + nfe + ", rowEvaluations=" + rowEvaluations + ", maxAcceptedSteps="
        + maxAcceptedSteps() + ", maxRejectedSteps=" + maxRejectedSteps() + "]";
  }
}
