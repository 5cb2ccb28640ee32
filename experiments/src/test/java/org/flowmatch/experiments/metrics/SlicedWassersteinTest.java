package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** Sliced W2 against exact W2 in 1-D, the |s| / sqrt(d) of a shift, and hand-computed quantile integrals. */
class SlicedWassersteinTest {

  @Test
  void inOneDimensionItIsTheExactDistance() {
    Rng rng = Rng.seeded(1);
    double[][] a = Samples.gaussian(300, new double[] {0}, 1, rng);
    double[][] b = Samples.gaussian(300, new double[] {0.7}, 2, rng);
    assertEquals(Wasserstein.w2(a, b), SlicedWasserstein.w2(a, b, 5, rng), 1e-12);
  }

  /**
   * A shift by s moves every projection u . x by u . s, so each direction contributes (u . s)^2 exactly and the
   * estimate is the root mean of those over the directions drawn: the test replays the documented draws (d
   * normals per direction, normalised). Over the sphere E (u . s)^2 = |s|^2 / d, and (u . s)^2 / |s|^2 ~
   * Beta(1/2, (d - 1)/2) has variance 2 (d - 1) / (d^2 (d + 2)), which bounds the error of 20000 directions.
   */
  @Test
  void aShiftIsSeenAtItsLengthOverTheSquareRootOfTheDimension() {
    int d = 5;
    int projections = 20000;
    Rng rng = Rng.seeded(2);
    double[][] a = Samples.standard(100, d, rng);
    double[] s = Samples.vector(d, rng);
    Rng directions = Rng.seeded(3);
    double sliced = SlicedWasserstein.w2(a, Samples.shifted(a, s), projections, directions.copy());
    double replay = 0;
    double[] u = new double[d];
    for (int k = 0; k < projections; k++) {
      directions.fillGaussian(u);
      double norm = Samples.norm(u);
      double dot = 0;
      for (int c = 0; c < d; c++) {
        dot += u[c] / norm * s[c];
      }
      replay += dot * dot / projections;
    }
    assertEquals(Math.sqrt(replay), sliced, 1e-9);
    double s2 = Samples.norm(s) * Samples.norm(s);
    double standardError = Math.sqrt(2.0 * (d - 1) / (d * d * (d + 2)) / projections) * s2;
    assertEquals(s2 / d, sliced * sliced, 4 * standardError);
  }

  /**
   * {0, 1} against {0, 1/2, 1}: the quantile functions differ by 1/2 on [1/3, 2/3) only, so W2^2 = 1/12. A set and
   * each point of it repeated twice are one distribution; shifting the copy gives the shift.
   */
  @Test
  void unequalSizesCompareQuantileFunctionsExactly() {
    assertEquals(Math.sqrt(1.0 / 12), SlicedWasserstein.oneDimensional(new double[] {1, 0},
        new double[] {0.5, 1, 0}), 1e-15);
    Rng rng = Rng.seeded(4);
    double[][] a = Samples.standard(30, 3, rng);
    double[][] twice = new double[60][];
    for (int i = 0; i < 30; i++) {
      twice[2 * i] = a[i];
      twice[2 * i + 1] = a[i];
    }
    assertEquals(0, SlicedWasserstein.w2(a, twice, 50, rng), 1e-12);
    double[] s = {0.3, 0, 0};
    double shifted = SlicedWasserstein.w2(a, Samples.shifted(twice, s), 1, Rng.seeded(5));
    double[] u = new double[3];
    Rng replay = Rng.seeded(5);
    replay.fillGaussian(u);
    assertEquals(Math.abs(0.3 * u[0]) / Samples.norm(u), shifted, 1e-12);
  }

  /** Projection is 1-Lipschitz, so every slice, and hence their mean, is at most the exact distance. */
  @Test
  void itIsNeverAboveTheExactDistanceAndASeedFixesIt() {
    Rng rng = Rng.seeded(6);
    double[][] a = Samples.standard(200, 3, rng);
    double[][] b = Samples.gaussian(200, new double[] {1, 0, -1}, 0.5, rng);
    double sliced = SlicedWasserstein.w2(a, b, 64, Rng.seeded(7));
    assertTrue(sliced <= Wasserstein.w2(a, b), sliced + " vs " + Wasserstein.w2(a, b));
    assertTrue(sliced > 0.3 * Wasserstein.w2(a, b));
    assertEquals(sliced, SlicedWasserstein.w2(a, b, 64, Rng.seeded(7)));
  }
}
