package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One accepted step of some rows of a batch. When the batch shares one step size every row steps together; with
 * per-row step sizes only the rows that accepted a step appear.
 *
 * @param rows the indices, in the solve's batch, of the rows that stepped
 * @param tStart the time of each of those rows before the step
 * @param tEnd the time of each after the step
 * @param yStart their states before the step {@code [rows.length, dim]}
 * @param yEnd their states after the step {@code [rows.length, dim]}
 */
public record StepEvent(int[] rows, double[] tStart, double[] tEnd, INDArray yStart, INDArray yEnd) {}
