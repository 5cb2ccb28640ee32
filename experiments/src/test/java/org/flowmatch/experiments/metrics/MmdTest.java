package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** MMD^2 against its definition, the Gaussian closed form, equal laws, and the median heuristic. */
class MmdTest {

  private static DoubleUnaryOperator gaussian(double h) {
    return r -> Math.exp(-r * r / (2 * h * h));
  }

  @Test
  void itIsTheUnbiasedStatisticWithItsJackknifeError() {
    Rng rng = Rng.seeded(1);
    double[][] a = Samples.standard(7, 3, rng);
    double[][] b = Samples.gaussian(5, new double[] {0.5, 0, 1}, 1.5, rng);
    double[] h = {0.5, 2};
    Mmd.Result result = Mmd.squared(a, b, h);
    assertArrayEquals(h, result.bandwidths());
    double sum = 0;
    for (int q = 0; q < h.length; q++) {
      Estimate e = result.perBandwidth()[q];
      double expected = TwoSampleBruteForce.statistic(a, b, gaussian(h[q]));
      assertEquals(expected, e.value(), 1e-13);
      assertEquals(TwoSampleBruteForce.jackknife(a, b, gaussian(h[q])), e.standardError(), 1e-13);
      sum += expected;
    }
    DoubleUnaryOperator summed = r -> gaussian(h[0]).applyAsDouble(r) + gaussian(h[1]).applyAsDouble(r);
    assertEquals(sum, result.summed().value(), 1e-13);
    assertEquals(TwoSampleBruteForce.jackknife(a, b, summed), result.summed().standardError(), 1e-13);
  }

  /** The U-statistic of two samples of one law is centred on 0: within 3 (conservative) standard errors. */
  @Test
  void twoSamplesOfOneLawGiveZeroWithinTheError() {
    Rng rng = Rng.seeded(2);
    double[][] a = Samples.standard(2000, 2, rng);
    double[][] b = Samples.standard(2000, 2, rng);
    Mmd.Result result = Mmd.squared(a, b);
    for (Estimate e : result.perBandwidth()) {
      assertTrue(Math.abs(e.value()) < 3 * e.standardError(), e.toString());
      assertTrue(e.standardError() < 2e-3, e.toString());
    }
    assertTrue(Math.abs(result.summed().value()) < 3 * result.summed().standardError(), result.summed().toString());
  }

  /**
   * For N(m1, s^2 I) against N(m2, s^2 I) in d dimensions, x - x' ~ N(0, 2 s^2 I) and x - y ~ N(m1 - m2, 2 s^2 I),
   * and the Gaussian integral E exp(-|z|^2 / (2 h^2)) gives MMD^2 = 2 (h^2 / (h^2 + 2 s^2))^{d/2}
   * (1 - exp(-|m1 - m2|^2 / (2 (h^2 + 2 s^2)))). Each bandwidth and their sum must meet it within 4 errors.
   */
  @Test
  void isotropicGaussiansMeetTheClosedForm() {
    int d = 3;
    double s = 1;
    double[] m1 = {0, 0, 0};
    double[] m2 = {1, -0.5, 0.5};
    Rng rng = Rng.seeded(3);
    double[][] a = Samples.gaussian(2000, m1, s, rng);
    double[][] b = Samples.gaussian(2000, m2, s, rng);
    double[] h = {0.5, 1, 2, 4};
    Mmd.Result result = Mmd.squared(a, b, h);
    double delta2 = Samples.squaredDistance(m1, m2);
    double total = 0;
    for (int q = 0; q < h.length; q++) {
      double v = h[q] * h[q] + 2 * s * s;
      double expected = 2 * Math.pow(h[q] * h[q] / v, d / 2.0) * (1 - Math.exp(-delta2 / (2 * v)));
      Estimate e = result.perBandwidth()[q];
      assertEquals(expected, e.value(), 4 * e.standardError(), "h = " + h[q]);
      assertTrue(e.standardError() < 0.1 * expected, "a test that can fail: " + e + " for " + expected);
      total += expected;
    }
    assertEquals(total, result.summed().value(), 4 * result.summed().standardError());
  }

  /** The default bandwidths are the median of all pooled pairwise distances times 1/4 .. 4. */
  @Test
  void theDefaultBandwidthsScaleTheMedianPairwiseDistance() {
    Rng rng = Rng.seeded(4);
    for (int[] sizes : new int[][] {{5, 4}, {4, 4}, {3, 3}}) {
      double[][] a = Samples.standard(sizes[0], 2, rng);
      double[][] b = Samples.gaussian(sizes[1], new double[] {1, 1}, 2, rng);
      double[][] z = new double[a.length + b.length][];
      System.arraycopy(a, 0, z, 0, a.length);
      System.arraycopy(b, 0, z, a.length, b.length);
      double[] distances = new double[z.length * (z.length - 1) / 2];
      for (int i = 0, at = 0; i < z.length; i++) {
        for (int j = i + 1; j < z.length; j++) {
          distances[at++] = Math.sqrt(Samples.squaredDistance(z[i], z[j]));
        }
      }
      Arrays.sort(distances);
      int p = distances.length;
      double median = p % 2 == 1 ? distances[p / 2] : (distances[p / 2 - 1] + distances[p / 2]) / 2;
      assertEquals(median, Mmd.medianPairwiseDistance(a, b), 1e-15, Arrays.toString(sizes));
      double[] h = Mmd.squared(a, b).bandwidths();
      assertArrayEquals(new double[] {median / 4, median / 2, median, 2 * median, 4 * median}, h, 1e-15);
    }
  }

  /**
   * Above 4096 pooled points the median comes from an evenly strided subset; for N(0, I_2) it should still be
   * the median of |X - X'| = sqrt(2) Rayleigh(1), 2 sqrt(ln 2), to about a percent (sampling noise at 8 million
   * dependent pairs of 4096 points).
   */
  @Test
  void largeSamplesUseAStridedSubsetForTheMedian() {
    Rng rng = Rng.seeded(5);
    double median = Mmd.medianPairwiseDistance(Samples.standard(3000, 2, rng), Samples.standard(3000, 2, rng));
    assertEquals(2 * Math.sqrt(Math.log(2)), median, 0.02 * median);
  }
}
