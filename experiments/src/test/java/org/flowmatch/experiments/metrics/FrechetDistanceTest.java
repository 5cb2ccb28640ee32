package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** The Fréchet distance against closed forms: equal, diagonal, 1-D, rotated and non-commuting 2 x 2 pairs. */
class FrechetDistanceTest {

  private static double[][] rotated(double angle, double a, double b) {
    double c = Math.cos(angle);
    double s = Math.sin(angle);
    // R diag(a, b) R^T written out.
    return new double[][] {{a * c * c + b * s * s, (a - b) * c * s}, {(a - b) * c * s, a * s * s + b * c * c}};
  }

  @Test
  void equalGaussiansAreAtDistanceZero() {
    Rng rng = Rng.seeded(5);
    int d = 6;
    double[][] l = new double[d][d];
    for (double[] row : l) {
      rng.fillGaussian(row);
    }
    double[][] s = new double[d][d];
    for (int i = 0; i < d; i++) {
      for (int j = 0; j < d; j++) {
        for (int k = 0; k < d; k++) {
          s[i][j] += l[i][k] * l[j][k];
        }
      }
    }
    double[] mu = {1, -2, 3, 0.5, 0, 7};
    assertEquals(0, FrechetDistance.ofGaussians(mu, s, mu, s), 1e-9);
  }

  /** Diagonal covariances commute: |mu_a - mu_b|^2 + sum (sqrt a_i - sqrt b_i)^2 = 5 + 1 + 1 + 9. */
  @Test
  void diagonalCovariances() {
    double[][] a = {{4, 0, 0}, {0, 9, 0}, {0, 0, 1}};
    double[][] b = {{1, 0, 0}, {0, 4, 0}, {0, 0, 16}};
    assertEquals(16, FrechetDistance.ofGaussians(new double[] {1, 2, 0}, a, new double[3], b), 1e-12);
  }

  /** In one dimension W_2^2 = (m_a - m_b)^2 + (s_a - s_b)^2 = 9 + 4. */
  @Test
  void oneDimension() {
    assertEquals(13, FrechetDistance.ofGaussians(new double[] {1}, new double[][] {{9}}, new double[] {4},
        new double[][] {{1}}), 1e-12);
  }

  /** Both rotated by the same angle they commute: (2 - 3)^2 + (1 - 0.5)^2. */
  @Test
  void aRotatedCommutingPair() {
    double[][] a = rotated(0.7, 4, 1);
    double[][] b = rotated(0.7, 9, 0.25);
    assertEquals(1.25, FrechetDistance.ofGaussians(new double[2], a, new double[2], b), 1e-12);
  }

  /**
   * A 2 x 2 matrix M with real non-negative eigenvalues has tr M^{1/2} = sqrt(tr M + 2 sqrt(det M)); for M = S_a S_b
   * that gives the cross term of a pair that does not commute without any matrix square root.
   */
  @Test
  void aNonCommutingPairMatchesTheTwoByTwoClosedForm() {
    double[][] a = {{4, 0}, {0, 1}};
    double[][] b = rotated(0.5, 9, 0.25);
    double trProduct = a[0][0] * b[0][0] + a[1][1] * b[1][1];
    double detProduct = 4 * (9 * 0.25);
    double cross = Math.sqrt(trProduct + 2 * Math.sqrt(detProduct));
    double expected = 5 + 9.25 - 2 * cross;
    assertEquals(expected, FrechetDistance.ofGaussians(new double[2], a, new double[2], b), 1e-12);
    // And it is symmetric in its arguments.
    assertEquals(expected, FrechetDistance.ofGaussians(new double[2], b, new double[2], a), 1e-12);
  }

  /** Rank-deficient covariances (dead features): a rank-1 S against itself and against 0. */
  @Test
  void singularCovariancesStayExact() {
    double[][] r = {{1, 1}, {1, 1}};
    assertEquals(0, FrechetDistance.ofGaussians(new double[2], r, new double[2], r), 1e-12);
    assertEquals(2, FrechetDistance.ofGaussians(new double[2], r, new double[2], new double[2][2]), 1e-12);
  }

  /** Fitted moments: a = {0, 2} has mean 1, variance 2; b = {1, 1, 4} mean 2, variance 3 (divided by n - 1). */
  @Test
  void fitsUnbiasedMomentsToPointSets() {
    double[][] a = {{0}, {2}};
    double[][] b = {{1}, {1}, {4}};
    double expected = 1 + Math.pow(Math.sqrt(2) - Math.sqrt(3), 2);
    assertEquals(expected, FrechetDistance.of(a, b), 1e-12);
  }

  /** A translated copy differs only in its mean. */
  @Test
  void aTranslatedSetIsAtTheSquaredShift() {
    Rng rng = Rng.seeded(9);
    double[][] a = Samples.standard(50, 4, rng);
    double[] s = {1, -2, 0.5, 3};
    assertEquals(1 + 4 + 0.25 + 9, FrechetDistance.of(a, Samples.shifted(a, s)), 1e-9);
  }

  @Test
  void rejectsTooFewPointsAndMismatchedShapes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> FrechetDistance.of(new double[][] {{1}}, new double[][] {{1}, {2}}));
    assertEquals("a must hold at least 2 points to fit a covariance, got 1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.ofGaussians(new double[] {0},
        new double[][] {{1}}, new double[] {0}, new double[][] {{Double.NaN}}));
    assertEquals("covB[0][0] must be finite, got NaN", e.getMessage());
  }
}
