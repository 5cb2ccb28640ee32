package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Supplier;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** Prints the time of each metric at n = 2000 in 2-D (first call, with JIT warm-up, and a second); not asserted. */
class MetricTimingTest {

  private static double time(String name, Supplier<Object> metric) {
    long t0 = System.nanoTime();
    Object first = metric.get();
    long t1 = System.nanoTime();
    metric.get();
    long t2 = System.nanoTime();
    System.out.printf(Locale.ROOT, "metrics timing n=2000 d=2: %-34s first %7.1f ms, second %7.1f ms  (%s)%n", name,
        (t1 - t0) / 1e6, (t2 - t1) / 1e6, first);
    return (t2 - t1) / 1e6;
  }

  @Test
  void printTimingsAtTwoThousandPointsInThePlane() {
    Rng rng = Rng.seeded(1);
    int n = 2000;
    double[][] a = Samples.standard(n, 2, rng);
    double[][] b = Samples.gaussian(n, new double[] {1, 0.5}, 1.5, rng);
    double[] times = Straightness.uniformTimes(11);
    double[][][] paths = new double[n][times.length][2];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < times.length; k++) {
        double t = times[k];
        double bend = 0.3 * Math.sin(Math.PI * t);
        paths[i][k] = new double[] {(1 - t) * a[i][0] + t * b[i][0] + bend, (1 - t) * a[i][1] + t * b[i][1]};
      }
    }
    double[] logDensities = new double[n];
    for (int i = 0; i < n; i++) {
      logDensities[i] = -0.5 * Samples.squaredDistance(a[i], new double[2]) - Math.log(2 * Math.PI);
    }
    double total = 0;
    total += time("Wasserstein.w2", () -> Wasserstein.w2(a, b));
    total += time("Wasserstein.w1", () -> Wasserstein.w1(a, b));
    total += time("SlicedWasserstein.w2 (256 dirs)", () -> SlicedWasserstein.w2(a, b, 256, Rng.seeded(2)));
    total += time("Mmd.squared (median x 5)", () -> Mmd.squared(a, b).summed());
    total += time("EnergyDistance.estimate", () -> EnergyDistance.estimate(a, b));
    total += time("Straightness.normalizedPathEnergy", () -> Straightness.normalizedPathEnergy(paths, times));
    total += time("Straightness.meanDeviation", () -> Straightness.meanDeviation(paths, times));
    total += time("LikelihoodMetrics.negativeLogLik.", () -> LikelihoodMetrics.negativeLogLikelihood(logDensities));
    assertTrue(total > 0);
  }
}
