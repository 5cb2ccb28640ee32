package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Each metric rejects empty, ragged, mismatched and non-finite input with a message that names the argument. */
class InvalidInputTest {
  private static final double[][] GOOD = {{0, 1}, {1, 0}, {2, 2}};
  private static final double[][] EMPTY = {};
  private static final double[][] WITH_NAN = {{0, 1}, {1, Double.NaN}, {2, 2}};
  private static final double[][] RAGGED = {{0, 1}, {1}, {2, 2}};
  private static final double[][] THREE_D = {{0, 1, 2}, {1, 0, 2}, {2, 2, 2}};

  private static void rejects(Executable call, String... fragments) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    for (String f : fragments) {
      assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' should name " + f);
    }
  }

  @Test
  void pointSetMetricsNameTheBadArgument() {
    Rng rng = Rng.seeded(1);
    for (Metric metric : new Metric[] {Wasserstein::w2, Wasserstein::w1, (a, b) -> SlicedWasserstein.w2(a, b, 4, rng),
        (a, b) -> Mmd.squared(a, b), (a, b) -> Mmd.squared(a, b, 1.0), EnergyDistance::of}) {
      rejects(() -> metric.apply(EMPTY, GOOD), "a must hold at least one point");
      rejects(() -> metric.apply(GOOD, EMPTY), "b must hold at least one point");
      rejects(() -> metric.apply(null, GOOD), "a must not be null");
      rejects(() -> metric.apply(GOOD, WITH_NAN), "b[1][1] must be finite", "NaN");
      rejects(() -> metric.apply(RAGGED, GOOD), "a must have one dimension", "point 1 has 1");
      rejects(() -> metric.apply(GOOD, THREE_D), "a and b must have the same dimension, got 2 and 3");
    }
  }

  @Test
  void metricSpecificArgumentsAreChecked() {
    rejects(() -> Wasserstein.w2(GOOD, new double[][] {{0, 0}, {1, 1}}), "same number of points", "3 and 2");
    rejects(() -> Wasserstein.w1(new double[][] {{0, 0}}, GOOD), "1 and 3");
    rejects(() -> SlicedWasserstein.w2(GOOD, GOOD, 0, Rng.seeded(1)), "projections must be positive, got 0");
    rejects(() -> SlicedWasserstein.w2(GOOD, GOOD, 3, null), "rng must not be null");
    rejects(() -> SlicedWasserstein.oneDimensional(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}),
        "y[0] must be finite");
    rejects(() -> Mmd.squared(GOOD, GOOD, -1.0), "bandwidths[0] must be positive");
    rejects(() -> Mmd.squared(GOOD, GOOD, new double[0]), "bandwidths must hold at least one");
    rejects(() -> Mmd.squared(new double[][] {{0, 0}}, GOOD, 1.0), "a must hold at least 2 points");
    rejects(() -> Mmd.squared(new double[][] {{0, 0}, {0, 0}}, new double[][] {{0, 0}, {0, 0}, {1, 1}}),
        "median pairwise distance of a and b is 0");
    rejects(() -> EnergyDistance.of(GOOD, new double[][] {{0, 0}}), "b must hold at least 2 points");
  }

  @Test
  void trajectoryMetricsCheckPathsAndTimes() {
    double[] times = Straightness.uniformTimes(3);
    double[][][] good = {{{0, 0}, {0.5, 0.5}, {1, 1}}, {{1, 0}, {1, 0.5}, {1, 1}}};
    rejects(() -> Straightness.pathEnergy(new double[0][][], times), "trajectories must hold at least one");
    rejects(() -> Straightness.pathEnergy(good, new double[] {0, 1}), "trajectories[0] must hold one point per"
        + " time (2), got 3");
    rejects(() -> Straightness.pathEnergy(good, new double[] {0, 0.7, 0.9}), "times must run from 0 to 1");
    rejects(() -> Straightness.pathEnergy(good, new double[] {0, 1, 1}), "times must increase strictly");
    rejects(() -> Straightness.pathEnergy(good, new double[] {0, Double.NaN, 1}), "times must increase strictly");
    rejects(() -> Straightness.meanDeviation(new double[][][] {good[0], {{1, 0}, {1, Double.NaN}, {1, 1}}}, times),
        "trajectories[1][1][1] must be finite");
    rejects(() -> Straightness.meanDeviation(new double[][][] {good[0], {{1, 0, 0}, {1, 0, 0}, {1, 1, 0}}}, times),
        "trajectories[0] has 2 and trajectories[1] has 3");
    rejects(() -> Straightness.normalizedPathEnergy(good, times, 0), "w2Squared must be positive");
    rejects(() -> Straightness.normalizedPathEnergy(good, times, Double.NaN), "w2Squared must be positive");
    rejects(() -> Straightness.meanRelativeDeviation(new double[][][] {{{0, 0}, {1, 0}, {0, 0}}}, times),
        "trajectories[0] ends where it starts");
    rejects(() -> Straightness.uniformTimes(1), "count must be at least 2");
  }

  @Test
  void likelihoodMetricsCheckTheirValues() {
    rejects(() -> LikelihoodMetrics.negativeLogLikelihood(new double[0]), "logDensities must hold at least one");
    rejects(() -> LikelihoodMetrics.negativeLogLikelihood(new double[] {-1, Double.NaN}),
        "logDensities[1] must be finite");
    rejects(() -> LikelihoodMetrics.bitsPerDimension(new double[] {-1}, 0), "dim must be positive");
    rejects(() -> LikelihoodMetrics.klDivergence(new double[] {1, 2}, new double[] {1}),
        "logTrue and logModel must hold one value per point, got 2 and 1");
    rejects(() -> LikelihoodMetrics.klDivergence(new double[] {1}, new double[] {Double.NEGATIVE_INFINITY}),
        "logModel[0] must be finite");
  }

  @FunctionalInterface
  private interface Metric {
    Object apply(double[][] a, double[][] b);
  }
}
