package org.flowmatch.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.MultivariateNormalDistribution;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.core.testing.NdAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GaussianMixtureTest {
  private static final int N = 100_000;
  /** How many standard errors a Monte Carlo estimate may be off. */
  private static final double Z = 5;

  /** Three well-separated components, weights 1:2:3 (so normalisation is exercised). */
  private static GaussianMixture separated() {
    return new GaussianMixture(new double[] {1, 2, 3}, new double[][] {{-10, 0}, {10, 0}, {0, 12}},
        new double[] {0.5, 1, 0.7});
  }

  @ParameterizedTest(name = "d = {0}")
  @ValueSource(ints = {1, 2, 8})
  void logDensityMatchesCommonsMath(int d) {
    Rng rng = Rng.seeded(100 + d);
    GaussianMixture m = Fixtures.randomMixture(4, d, rng);
    double[] w = m.weights();
    double[][] mu = m.means();
    double[] s = m.stds();
    MultivariateNormalDistribution[] parts = new MultivariateNormalDistribution[w.length];
    for (int k = 0; k < w.length; k++) {
      double[][] cov = new double[d][d];
      for (int j = 0; j < d; j++) {
        cov[j][j] = s[k] * s[k];
      }
      parts[k] = new MultivariateNormalDistribution(mu[k], cov);
    }
    // Points near the modes and in the tails.
    INDArray x = Nd4j.vstack(m.sample(20, rng), rng.gaussian(20, d, DataType.DOUBLE).muli(3));
    double[] lp = m.logDensity(x).data().asDouble();
    double[][] rows = NdArrays.rows(x);
    double worst = 0;
    for (int i = 0; i < rows.length; i++) {
      double p = 0;
      for (int k = 0; k < w.length; k++) {
        p += w[k] * parts[k].density(rows[i]);
      }
      double expected = Math.log(p);
      worst = Math.max(worst, Math.abs(lp[i] - expected) / (1 + Math.abs(expected)));
    }
    System.out.printf("logDensity vs commons-math3, d=%d: max relative error %.3g%n", d, worst);
    assertTrue(worst < 1e-12, "relative error " + worst);
  }

  @Test
  void logDensityIsExactFarFromTheModes() {
    // Two equal-weight components at +-m with one std s: log p = -(d/2) log(2 pi s^2) - (|x|^2 + |m|^2)/(2 s^2)
    // + log cosh(x.m / s^2), and log cosh z = |z| + log1p(exp(-2|z|)) - log 2 does not overflow.
    double s = 0.7;
    double[] m = {2, 1};
    GaussianMixture mix = new GaussianMixture(new double[] {1, 1}, new double[][] {m, {-2, -1}},
        new double[] {s, s});
    double[][] points = {{1e3, 0}, {-700, 700}, {3, -1e3}};
    double[] lp = mix.logDensity(Nd4j.create(points)).data().asDouble();
    for (int i = 0; i < points.length; i++) {
      double[] x = points[i];
      double z = Math.abs((x[0] * m[0] + x[1] * m[1]) / (s * s));
      double expected = -Math.log(2 * Math.PI * s * s) - (x[0] * x[0] + x[1] * x[1] + 5) / (2 * s * s) + z
          + Math.log1p(Math.exp(-2 * z)) - Math.log(2);
      System.out.printf("logDensity at %s: %.17g, closed form %.17g%n", java.util.Arrays.toString(x), lp[i],
          expected);
      assertTrue(Double.isFinite(lp[i]));
      assertEquals(expected, lp[i], 1e-13 * Math.abs(expected));
    }
  }

  @Test
  void logDensityKeepsTheDataTypeOfX() {
    GaussianMixture m = separated();
    INDArray x = Nd4j.create(new double[][] {{0, 0}, {10, 1}});
    INDArray lp32 = m.logDensity(x.castTo(DataType.FLOAT));
    assertEquals(DataType.FLOAT, lp32.dataType());
    assertArrayEquals(new long[] {2, 1}, lp32.shape());
    assertEquals(DataType.DOUBLE, m.logDensity(x).dataType());
    assertEquals(m.logDensity(x).getDouble(1, 0), lp32.getDouble(1, 0), 1e-5);
  }

  @Test
  void samplesReproduceWeightsMeanAndCovariance() {
    GaussianMixture m = separated();
    INDArray x = m.sample(N, Rng.seeded(7));
    assertEquals(DataType.DOUBLE, x.dataType());
    assertArrayEquals(new long[] {N, 2}, x.shape());
    double[][] rows = NdArrays.rows(x);
    assertWeights(m, rows);
    assertMoments(m.mean(), m.covariance(), rows, "mixture");
  }

  @Test
  void sameSeedSameSamplesAndTheDocumentedOrderOfDraws() {
    GaussianMixture m = separated();
    INDArray a = m.sample(50, Rng.seeded(3));
    assertEquals(a, m.sample(50, Rng.seeded(3)));
    assertNotEquals(a, m.sample(50, Rng.seeded(4)));

    // Per row: one nextDouble() picks the component by inverse CDF, then d nextGaussian()s.
    Rng rng = Rng.seeded(3);
    double[] w = m.weights();
    double[][] mu = m.means();
    double[] s = m.stds();
    double[][] rows = NdArrays.rows(a);
    for (double[] row : rows) {
      double u = rng.nextDouble();
      int k = u < w[0] ? 0 : u < w[0] + w[1] ? 1 : 2;
      for (int j = 0; j < 2; j++) {
        assertEquals(mu[k][j] + s[k] * rng.nextGaussian(), row[j], 0);
      }
    }
  }

  @Test
  void closedFormMomentsOfAKnownMixture() {
    // Equal weights at -1 and 3 in d = 1 with stds 1 and 2: mean 1, variance (1 + 4)/2 + (1 + 9)/2 - 1 = 6.5.
    GaussianMixture m = new GaussianMixture(new double[] {5, 5}, new double[][] {{-1}, {3}}, new double[] {1, 2});
    assertArrayEquals(new double[] {0.5, 0.5}, m.weights(), 0);
    assertEquals(1, m.mean()[0], 1e-15);
    assertEquals(6.5, m.covariance()[0][0], 1e-14);
  }

  @Test
  void pushForwardByOneAndZeroIsTheMixtureItself() {
    GaussianMixture m = Fixtures.randomMixture(3, 2, Rng.seeded(1));
    GaussianMixture same = m.pushForward(1, 0);
    assertArrayEquals(m.weights(), same.weights(), 1e-15);
    assertArrayEquals(m.stds(), same.stds(), 0);
    for (int k = 0; k < 3; k++) {
      assertArrayEquals(m.means()[k], same.means()[k], 0);
    }
    INDArray x = Rng.seeded(2).gaussian(30, 2, DataType.DOUBLE).muli(2);
    NdAssert.assertClose(m.logDensity(x), same.logDensity(x), 1e-14);
  }

  @Test
  void pushForwardIsTheLawOfAlphaX1PlusSigmaX0() {
    GaussianMixture m = separated();
    double alpha = 0.6;
    double sigma = 0.8;
    GaussianMixture pushed = m.pushForward(alpha, sigma);
    assertArrayEquals(m.weights(), pushed.weights(), 1e-15);
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(alpha * m.means()[k][j], pushed.means()[k][j], 1e-15);
      }
      double s = m.stds()[k];
      assertEquals(Math.sqrt(alpha * alpha * s * s + sigma * sigma), pushed.stds()[k], 1e-15);
    }

    Rng rng = Rng.seeded(11);
    INDArray x1 = m.sample(N, rng);
    INDArray x0 = rng.gaussian(N, 2, DataType.DOUBLE);
    double[][] rows = NdArrays.rows(x1.mul(alpha).addi(x0.mul(sigma)));
    assertWeights(pushed, rows);
    assertMoments(pushed.mean(), pushed.covariance(), rows, "pushForward(0.6, 0.8)");
  }

  @Test
  void isImmutable() {
    double[] w = {1, 3};
    double[][] mu = {{0, 0}, {1, 1}};
    double[] s = {1, 2};
    GaussianMixture m = new GaussianMixture(w, mu, s);
    w[0] = 100;
    mu[1][0] = 100;
    s[0] = 100;
    m.means()[0][0] = 100;
    m.stds()[1] = 100;
    assertArrayEquals(new double[] {0.25, 0.75}, m.weights(), 0);
    assertArrayEquals(new double[] {1, 1}, m.means()[1], 0);
    assertArrayEquals(new double[] {0, 0}, m.means()[0], 0);
    assertArrayEquals(new double[] {1, 2}, m.stds(), 0);
    assertEquals("gaussian-mixture", m.name());
    assertEquals(2, m.dim());
  }

  @Test
  void aNamedMixtureKeepsItsNameButItsPushForwardDoesNot() {
    GaussianMixture m = new GaussianMixture("two-points", new double[] {1, 1}, new double[][] {{-1}, {1}},
        new double[] {0.5, 0.5});
    assertEquals("two-points", m.name());
    assertTrue(m.toString().startsWith("two-points(K=2"), m.toString());
    assertEquals("gaussian-mixture", m.pushForward(0.5, 0.5).name());
    assertMessage(() -> new GaussianMixture(" ", new double[] {1}, new double[][] {{0}}, new double[] {1}),
        "name must not be blank, got ' '");
    assertMessage(() -> new GaussianMixture(null, new double[] {1}, new double[][] {{0}}, new double[] {1}),
        "name must not be blank, got null");
  }

  @Test
  void invalidArgumentsAreNamed() {
    double[][] mu = {{0, 0}, {1, 1}, {2, 2}};
    double[] s = {1, 1, 1};
    double[] w = {1, 1, 1};
    assertMessage(() -> new GaussianMixture(w, mu, new double[] {1, 1, -0.1}), "stds[2] must be positive, got -0.1");
    assertMessage(() -> new GaussianMixture(w, mu, new double[] {1, 0, 1}), "stds[1] must be positive, got 0.0");
    assertMessage(() -> new GaussianMixture(new double[] {1, 1}, mu, s), "means has 3 rows, expected 2");
    assertMessage(() -> new GaussianMixture(w, mu, new double[] {1, 1}), "stds has 2 entries, expected 3");
    assertMessage(() -> new GaussianMixture(new double[] {1, -2, 1}, mu, s),
        "weights[1] must be positive and finite, got -2.0");
    assertMessage(() -> new GaussianMixture(new double[] {1, 1, Double.NaN}, mu, s),
        "weights[2] must be positive and finite, got NaN");
    assertMessage(() -> new GaussianMixture(w, new double[][] {{0, 0}, {1, 1, 1}, {2, 2}}, s),
        "means[1] has 3 coordinates, expected 2");
    assertMessage(() -> new GaussianMixture(w, new double[][] {{0, 0}, {1, 1}, {2, Double.NaN}}, s),
        "means[2][1] must be finite, got NaN");
    assertMessage(() -> new GaussianMixture(new double[0], new double[0][], new double[0]),
        "weights must hold at least one component");
    assertMessage(() -> new GaussianMixture(null, mu, s), "weights must not be null");

    GaussianMixture m = new GaussianMixture(w, mu, s);
    assertMessage(() -> m.logDensity(Nd4j.zeros(DataType.DOUBLE, 4, 3)), "x must have shape [batch, 2], got [4, 3]");
    assertMessage(() -> m.sample(0, Rng.seeded(1)), "n must be positive, got 0");
    assertMessage(() -> m.pushForward(0, 0), "alpha and sigma must not both be 0");
    assertMessage(() -> m.pushForward(1, -0.5), "sigma must not be negative, got -0.5");
    assertMessage(() -> m.pushForward(Double.NaN, 1), "alpha must be finite, got NaN");
  }

  static void assertMessage(Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
  }

  /** Assigns each sample to the nearest mean and compares the counts with the weights. */
  private static void assertWeights(GaussianMixture m, double[][] rows) {
    double[] w = m.weights();
    double[][] mu = m.means();
    int[] counts = new int[w.length];
    for (double[] row : rows) {
      int best = 0;
      double bestDistance = Double.POSITIVE_INFINITY;
      for (int k = 0; k < w.length; k++) {
        double dist = 0;
        for (int j = 0; j < row.length; j++) {
          dist += (row[j] - mu[k][j]) * (row[j] - mu[k][j]);
        }
        if (dist < bestDistance) {
          bestDistance = dist;
          best = k;
        }
      }
      counts[best]++;
    }
    for (int k = 0; k < w.length; k++) {
      double freq = counts[k] / (double) rows.length;
      double se = Math.sqrt(w[k] * (1 - w[k]) / rows.length);
      System.out.printf("  weight %d: %.5f vs %.5f (%.2f standard errors)%n", k, freq, w[k], (freq - w[k]) / se);
      assertEquals(w[k], freq, Z * se, "weight of component " + k);
    }
  }

  /** Compares the sample mean and covariance with closed forms, each within Z standard errors. */
  static void assertMoments(double[] mean, double[][] cov, double[][] rows, String what) {
    int n = rows.length;
    int d = mean.length;
    double[] m = new double[d];
    for (double[] row : rows) {
      for (int j = 0; j < d; j++) {
        m[j] += row[j] / n;
      }
    }
    double worst = 0;
    for (int j = 0; j < d; j++) {
      double z = (m[j] - mean[j]) / Math.sqrt(cov[j][j] / n);
      worst = Math.max(worst, Math.abs(z));
      assertEquals(mean[j], m[j], Z * Math.sqrt(cov[j][j] / n), what + " mean[" + j + "]");
    }
    for (int a = 0; a < d; a++) {
      for (int b = 0; b < d; b++) {
        // The sample covariance is a mean of products; its standard error is that of the products.
        double sum = 0;
        double sumSq = 0;
        for (double[] row : rows) {
          double p = (row[a] - m[a]) * (row[b] - m[b]);
          sum += p;
          sumSq += p * p;
        }
        double c = sum / n;
        double se = Math.sqrt((sumSq / n - c * c) / n);
        worst = Math.max(worst, Math.abs(c - cov[a][b]) / se);
        assertEquals(cov[a][b], c, Z * se, what + " covariance[" + a + "][" + b + "]");
      }
    }
    System.out.printf("%s moments: worst deviation %.2f standard errors%n", what, worst);
  }

  /** Drawing straight into float32 gives the double draws rounded, and leaves the generator where they leave it. */
  @Test
  void typedSamplesAreTheDoubleSamplesRounded() {
    GaussianMixture mixture = org.flowmatch.models.data.GaussianDatasets.eightGaussians();
    Rng a = Rng.seeded(5);
    Rng b = Rng.seeded(5);
    INDArray typed = mixture.sample(300, a, DataType.FLOAT);
    INDArray rounded = mixture.sample(300, b).castTo(DataType.FLOAT);
    assertEquals(DataType.FLOAT, typed.dataType());
    assertArrayEquals(rounded.data().asFloat(), typed.data().asFloat());
    assertEquals(b.nextLong(), a.nextLong(), "the same draws were used");
  }
}
