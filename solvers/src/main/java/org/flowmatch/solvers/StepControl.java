package org.flowmatch.solvers;

/**
 * How a {@link RungeKuttaSolver} chooses its steps: on a fixed time grid ({@link FixedGrid}) or by error control
 * ({@link Adaptive}).
 */
public sealed interface StepControl permits FixedGrid, Adaptive {}
