package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** Energy distance against its definition, point masses, equal laws and the 1-D Gaussian closed form. */
class EnergyDistanceTest {

  @Test
  void itIsTheUnbiasedStatisticWithItsJackknifeError() {
    Rng rng = Rng.seeded(1);
    double[][] a = Samples.standard(6, 2, rng);
    double[][] b = Samples.gaussian(9, new double[] {1, 0}, 0.5, rng);
    Estimate e = EnergyDistance.estimate(a, b);
    assertEquals(TwoSampleBruteForce.statistic(a, b, r -> -r), e.value(), 1e-13);
    assertEquals(TwoSampleBruteForce.jackknife(a, b, r -> -r), e.standardError(), 1e-13);
    assertEquals(e.value(), EnergyDistance.of(a, b));
  }

  /** With the U-statistic the within-sample terms of point masses vanish, whatever the number of copies. */
  @Test
  void twoPointMassesAreAtTwiceTheirDistance() {
    double[] p = {1, 2, -1};
    double[] q = {0.5, -1, 3};
    double[][] a = new double[5][];
    double[][] b = new double[2][];
    Arrays.fill(a, p);
    Arrays.fill(b, q);
    assertEquals(2 * Math.sqrt(Samples.squaredDistance(p, q)), EnergyDistance.of(a, b), 1e-13);
  }

  @Test
  void twoSamplesOfOneLawGiveZeroWithinTheError() {
    Rng rng = Rng.seeded(2);
    Estimate e = EnergyDistance.estimate(Samples.standard(2000, 2, rng), Samples.standard(2000, 2, rng));
    assertTrue(Math.abs(e.value()) < 3 * e.standardError(), e.toString());
    assertTrue(e.standardError() < 5e-3, e.toString());
  }

  /**
   * For N(m1, 1) against N(m2, 1), X - Y ~ N(delta, 2) has the folded-normal mean
   * sqrt(2) sqrt(2 / pi) exp(-delta^2 / 4) + delta (1 - 2 Phi(-delta / sqrt(2))), and E|X - X'| = 2 / sqrt(pi).
   */
  @Test
  void oneDimensionalGaussiansMeetTheClosedForm() {
    NormalDistribution phi = new NormalDistribution(0, 1);
    Rng rng = Rng.seeded(3);
    for (double delta : new double[] {1, 3}) {
      double[][] a = Samples.gaussian(2000, new double[] {0.5}, 1, rng);
      double[][] b = Samples.gaussian(2000, new double[] {0.5 + delta}, 1, rng);
      double cross = Math.sqrt(2) * Math.sqrt(2 / Math.PI) * Math.exp(-delta * delta / 4)
          + delta * (1 - 2 * phi.cumulativeProbability(-delta / Math.sqrt(2)));
      double expected = 2 * cross - 2 * (2 / Math.sqrt(Math.PI));
      Estimate e = EnergyDistance.estimate(a, b);
      assertEquals(expected, e.value(), 4 * e.standardError(), "delta " + delta);
      assertTrue(e.standardError() < 0.1 * expected, "a test that can fail: " + e + " for " + expected);
    }
  }
}
