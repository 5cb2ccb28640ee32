package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Exact W2 and W1 against shifts, permutations, sorted pairings, optimal maps and Gaussian closed forms. */
class WassersteinTest {

  /**
   * With b_i = a_i + s, sum_i |a_i + s - b_p(i)|^2 = sum_i |a_i - a_p(i)|^2 + n |s|^2 (the cross term sums to 0
   * over a permutation), least at the identity: W2 = |s|. For W1, sum_i |v_i| >= |sum_i v_i| = n |s|.
   */
  @ParameterizedTest
  @ValueSource(ints = {2, 5})
  void aShiftedCopyIsAtTheLengthOfTheShift(int d) {
    Rng rng = Rng.seeded(10 + d);
    double[][] a = Samples.standard(300, d, rng);
    double[] s = Samples.vector(d, rng);
    double[][] b = Samples.shifted(a, s);
    Wasserstein.Matching m = Wasserstein.w2Matching(a, b);
    assertEquals(Samples.norm(s), m.distance(), 1e-9);
    assertEquals(Samples.norm(s) * Samples.norm(s), m.meanCost(), 1e-9);
    int[] identity = new int[a.length];
    Arrays.setAll(identity, i -> i);
    assertArrayEquals(identity, m.assignment());
    assertEquals(Samples.norm(s), Wasserstein.w1(a, b), 1e-9);
    assertEquals(Samples.norm(s), Wasserstein.w1Matching(a, b).meanCost(), 1e-9);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3})
  void aPermutationOfASetIsAtDistanceZeroAndTheMatchingUndoesIt(int d) {
    Rng rng = Rng.seeded(20 + d);
    double[][] a = Samples.standard(250, d, rng);
    int[] p = rng.permutation(a.length);
    double[][] b = Samples.permuted(a, p);
    Wasserstein.Matching m = Wasserstein.w2Matching(a, b);
    assertEquals(0, m.distance(), 1e-12);
    int[] sigma = m.assignment();
    for (int i = 0; i < a.length; i++) {
      assertEquals(i, p[sigma[i]], "a[" + i + "] goes to b[" + sigma[i] + "]");
    }
    assertEquals(0, Wasserstein.w1(a, b), 1e-12);
  }

  /** In 1-D the monotone (sorted) pairing is optimal for every convex cost of the difference, W2 and W1 alike. */
  @Test
  void inOneDimensionTheExactValueIsTheSortedPairing() {
    Rng rng = Rng.seeded(3);
    double[] x = new double[400];
    double[] y = new double[400];
    for (int i = 0; i < x.length; i++) {
      x[i] = rng.nextGaussian();
      y[i] = 2 + Math.exp(rng.nextGaussian());
    }
    double[] sx = x.clone();
    double[] sy = y.clone();
    Arrays.sort(sx);
    Arrays.sort(sy);
    double squares = 0;
    double absolute = 0;
    for (int i = 0; i < x.length; i++) {
      squares += (sx[i] - sy[i]) * (sx[i] - sy[i]) / x.length;
      absolute += Math.abs(sx[i] - sy[i]) / x.length;
    }
    assertEquals(Math.sqrt(squares), Wasserstein.w2(Samples.column(x), Samples.column(y)), 1e-12);
    assertEquals(absolute, Wasserstein.w1(Samples.column(x), Samples.column(y)), 1e-12);
  }

  /**
   * W2(N(m1, s1^2), N(m2, s2^2)) = sqrt((m1 - m2)^2 + (s1 - s2)^2). Between samples of n = 2000 the estimate
   * moves with the sample means and spreads, whose errors have variance (s1^2 + s2^2) / n and (s1^2 + s2^2) / (2n),
   * so by the delta method its standard deviation is at most sqrt((s1^2 + s2^2) / n) = 0.071; the empirical
   * measures add a positive bias of about (s1^2 + s2^2) ln ln n / n in W2^2 (Bobkov and Ledoux 2019), 0.005 here.
   * The tolerance is 4 standard deviations plus that bias: 0.29, while W1 would give 1.79 instead of 2.24.
   */
  @Test
  void betweenOneDimensionalGaussianSamplesItApproachesTheClosedForm() {
    int n = 2000;
    double s1 = 1;
    double s2 = 3;
    Rng rng = Rng.seeded(4);
    double[][] a = Samples.gaussian(n, new double[] {0}, s1, rng);
    double[][] b = Samples.gaussian(n, new double[] {1}, s2, rng);
    double expected = Math.sqrt(1 + (s1 - s2) * (s1 - s2));
    double variance = s1 * s1 + s2 * s2;
    double tolerance = 4 * Math.sqrt(variance / n) + variance * Math.log(Math.log(n)) / n;
    assertEquals(expected, Wasserstein.w2(a, b), tolerance);
  }

  /**
   * In 2-D, W2(N(m1, s1^2 I), N(m2, s2^2 I)) = sqrt(|m1 - m2|^2 + 2 (s1 - s2)^2); the same noise bound holds and
   * the bias of empirical measures in the plane is of order ln n / n in W2^2 (Ajtai, Komlós and Tusnády 1984).
   */
  @Test
  void betweenTwoDimensionalGaussianSamplesItApproachesTheClosedForm() {
    int n = 2000;
    double s1 = 1;
    double s2 = 2;
    Rng rng = Rng.seeded(5);
    double[][] a = Samples.gaussian(n, new double[] {0, 0}, s1, rng);
    double[][] b = Samples.gaussian(n, new double[] {1, -1}, s2, rng);
    double expected = Math.sqrt(2 + 2 * (s1 - s2) * (s1 - s2));
    double variance = s1 * s1 + s2 * s2;
    double tolerance = 4 * Math.sqrt(variance / n) + variance * Math.log(n) / n;
    assertEquals(expected, Wasserstein.w2(a, b), tolerance);
  }

  /**
   * The map T(x) = m2 + (s2 / s1)(x - m1) is the gradient of a convex function, hence optimal between any
   * empirical measure and its image (cyclical monotonicity): with b = T(a), shuffled, the matching must undo the
   * shuffle and W2^2 is the mean of |a_i - T(a_i)|^2 = |(m1 - m2) + (s1 - s2) z_i|^2, z_i ~ N(0, I_d). That mean
   * has no empirical-measure bias, so it meets the closed form |m1 - m2|^2 + d (s1 - s2)^2 within 4 standard errors
   * of its variance 4 (s1 - s2)^2 |m1 - m2|^2 + 2 d (s1 - s2)^4 over n.
   */
  @Test
  void theGaussianOptimalMapIsFoundInFiveDimensions() {
    int n = 800;
    int d = 5;
    double s1 = 1.5;
    double s2 = 0.5;
    Rng rng = Rng.seeded(6);
    double[] m1 = Samples.vector(d, rng);
    double[] m2 = Samples.vector(d, rng);
    double[][] a = Samples.gaussian(n, m1, s1, rng);
    double[][] image = new double[n][d];
    double mean = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        image[i][k] = m2[k] + s2 / s1 * (a[i][k] - m1[k]);
      }
      mean += Samples.squaredDistance(a[i], image[i]) / n;
    }
    int[] p = rng.permutation(n);
    Wasserstein.Matching m = Wasserstein.w2Matching(a, Samples.permuted(image, p));
    int[] sigma = m.assignment();
    for (int i = 0; i < n; i++) {
      assertEquals(i, p[sigma[i]], "a[" + i + "] goes to its image");
    }
    assertEquals(Math.sqrt(mean), m.distance(), 1e-9);
    double shift = Samples.squaredDistance(m1, m2);
    double ds = s1 - s2;
    double standardError = Math.sqrt((4 * ds * ds * shift + 2 * d * ds * ds * ds * ds) / n);
    assertEquals(shift + d * ds * ds, m.meanCost(), 4 * standardError);
    assertTrue(standardError < 0.02 * (shift + d * ds * ds), "a test that can fail: se " + standardError);
  }
}
