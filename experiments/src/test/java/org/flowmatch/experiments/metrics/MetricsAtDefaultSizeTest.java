package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/**
 * Every built-in metric at the default size (2000 points in the plane) against its closed form for Gaussians, so
 * that a metric which is right on the small cases of its own test but wrong at scale (a sampled median, a truncated
 * assignment) fails. Their cost is measured by {@code flowmatch bench --metrics} (docs/architecture.md), not here.
 */
class MetricsAtDefaultSizeTest {
  private static final int N = 2000;
  private static final double[] SHIFT = {1, 0.5};
  private static final double SCALE = 1.5;

  /** a ~ N(0, I) and b ~ N(SHIFT, SCALE^2 I), independent. */
  private static double[][][] samples() {
    Rng rng = Rng.seeded(11);
    return new double[][][] {Samples.standard(N, 2, rng), Samples.gaussian(N, SHIFT, SCALE, rng)};
  }

  @Test
  void transportDistancesApproachTheirClosedForms() {
    double[][][] s = samples();
    // W2(N(0, I), N(m, s^2 I))^2 = |m|^2 + d (s - 1)^2; the empirical W2 of 2000 points is within a few percent
    double w2 = Math.sqrt(1.25 + 2 * 0.25);
    assertEquals(w2, Wasserstein.w2(s[0], s[1]), 0.05 * w2);
    // sliced: the mean over directions u of (u.m)^2 + (s - 1)^2 = |m|^2 / 2 + (s - 1)^2
    double sliced = Math.sqrt(1.25 / 2 + 0.25);
    assertEquals(sliced, SlicedWasserstein.w2(s[0], s[1], 256, Rng.seeded(2)), 0.05 * sliced);
    assertTrue(Wasserstein.w1(s[0], s[1]) <= Wasserstein.w2(s[0], s[1]), "W1 <= W2");
  }

  @Test
  void discrepanciesOfOneDistributionAreZeroWithinTheirStandardErrors() {
    Rng rng = Rng.seeded(12);
    double[][] a = Samples.standard(N, 2, rng);
    double[][] b = Samples.standard(N, 2, rng);
    Estimate mmd = Mmd.squared(a, b).summed();
    assertEquals(0, mmd.value(), 4 * mmd.standardError(), "unbiased MMD^2 of equal laws: " + mmd);
    Estimate energy = EnergyDistance.estimate(a, b);
    assertEquals(0, energy.value(), 4 * energy.standardError(), "energy distance of equal laws: " + energy);
    double[][][] s = samples();
    Estimate apart = Mmd.squared(s[0], s[1]).summed();
    assertTrue(apart.value() > 10 * apart.standardError(), "different laws are told apart: " + apart);
  }

  @Test
  void straightOptimallyPairedPathsHaveZeroPathEnergyExcessAndNoDeviation() {
    double[][][] s = samples();
    int[] match = Wasserstein.w2Matching(s[0], s[1]).assignment();
    double[] times = Straightness.uniformTimes(11);
    double[][][] paths = new double[N][times.length][2];
    for (int i = 0; i < N; i++) {
      for (int k = 0; k < times.length; k++) {
        for (int j = 0; j < 2; j++) {
          paths[i][k][j] = (1 - times[k]) * s[0][i][j] + times[k] * s[1][match[i]][j];
        }
      }
    }
    assertEquals(0, Straightness.normalizedPathEnergy(paths, times), 1e-9);
    assertEquals(0, Straightness.meanDeviation(paths, times), 1e-12);
  }

  @Test
  void theNegativeLogLikelihoodOfAGaussianAtItsOwnSamplesIsItsEntropy() {
    double[][] a = Samples.standard(N, 2, Rng.seeded(13));
    double[] log = new double[N];
    for (int i = 0; i < N; i++) {
      log[i] = -0.5 * (a[i][0] * a[i][0] + a[i][1] * a[i][1]) - Math.log(2 * Math.PI);
    }
    Estimate nll = LikelihoodMetrics.negativeLogLikelihood(log);
    assertEquals(Math.log(2 * Math.PI) + 1, nll.value(), 4 * nll.standardError(), "entropy of N(0, I_2): " + nll);
    Estimate bits = LikelihoodMetrics.bitsPerDimension(log, 2);
    assertEquals(nll.value() / (2 * Math.log(2)), bits.value(), 1e-15);
  }
}
