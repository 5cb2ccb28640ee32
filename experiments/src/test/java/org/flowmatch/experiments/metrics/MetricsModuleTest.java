package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The solver-error statistics of the registered metrics, on hand-computed cases. */
class MetricsModuleTest {
  private static final double[][] ORIGINS = {{0, 0}, {0, 0}, {0, 0}, {0, 0}};

  @Test
  void sampleErrorIsTheRootMeanSquareDistance() {
    double[][] a = {{3, 4}, {0, 1}, {0, 0}, {1, 0}};
    assertEquals(Math.sqrt((25 + 1 + 0 + 1) / 4.0), MetricsModule.rmsDistance(a, ORIGINS), 1e-15);
  }

  @Test
  void theMedianIgnoresTheOneSampleThatWentToAnotherMode() {
    double[][] a = {{30, 40}, {0, 1}, {0, 2}, {0, 3}};
    assertEquals(2.5, MetricsModule.medianDistance(a, ORIGINS), 1e-15);
    assertEquals(2, MetricsModule.medianDistance(new double[][] {{0, 2}, {50, 0}, {0, 1}},
        new double[][] {{0, 0}, {0, 0}, {0, 0}}), 1e-15);
    assertEquals(Math.sqrt((2500 + 1 + 4 + 9) / 4.0), MetricsModule.rmsDistance(a, ORIGINS), 1e-12);
  }

  @Test
  void likelihoodErrorIsTheMeanAbsoluteDifference() {
    assertEquals(0.5, MetricsModule.meanAbsoluteDifference(new double[] {1, -2, 3, 0}, new double[] {1.5, -2, 2, 0.5}),
        1e-15);
  }
}
