package org.flowmatch.models.data;

import static org.flowmatch.models.data.Samples.Z;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.flowmatch.models.GaussianMixture;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;

/** four-clusters and eight-gaussians: their parameters, and each mode's weight, mean and covariance in samples. */
class GaussianDatasetsTest {
  private static final int N = 200_000;

  @Test
  void fourClustersAtPlusMinusTwoWithStdPointThree() {
    GaussianMixture m = GaussianDatasets.fourClusters();
    double[][] centres = {{2, 2}, {-2, 2}, {-2, -2}, {2, -2}};
    assertModes(m, centres, 0.3 * 0.3, Samples.draw(m, N, 11));
    // The density at a centre: the own term and the three others at distances 4, 4 and 4 sqrt 2.
    double s2 = 0.09;
    double expected = Math.log(0.25 / (2 * Math.PI * s2) * (1 + 2 * Math.exp(-16 / (2 * s2))
        + Math.exp(-32 / (2 * s2))));
    assertEquals(expected, m.logDensity(Nd4j.create(new double[][] {{2, 2}})).getDouble(0), 1e-12);
  }

  @Test
  void eightGaussiansAsTorchcfmSamplesThem() {
    GaussianMixture m = GaussianDatasets.eightGaussians();
    double h = 5 / Math.sqrt(2);
    double[][] centres = {{5, 0}, {-5, 0}, {0, 5}, {0, -5}, {h, h}, {h, -h}, {-h, h}, {-h, -h}};
    // MultivariateNormal(0, sqrt(0.1) I): the covariance, not the std, is sqrt(0.1).
    assertModes(m, centres, Math.sqrt(0.1), Samples.draw(m, N, 12));
    for (double[] c : m.means()) {
      assertEquals(5, Math.hypot(c[0], c[1]), 1e-12, "radius");
      double angle = Math.atan2(c[1], c[0]) / (Math.PI / 4);
      assertEquals(Math.rint(angle), angle, 1e-12, "angle is a multiple of pi/4");
    }
  }

  /**
   * The mixture's parameters are exactly these, and in the samples, split by nearest centre, each mode has weight
   * 1/K, mean at its centre and covariance {@code variance I}, within Z standard errors.
   */
  private static void assertModes(GaussianMixture m, double[][] centres, double variance, double[] xy) {
    int k = centres.length;
    assertEquals(k, m.components());
    for (int c = 0; c < k; c++) {
      assertEquals(1.0 / k, m.weights()[c], 1e-15);
      assertEquals(centres[c][0], m.means()[c][0], 1e-12);
      assertEquals(centres[c][1], m.means()[c][1], 1e-12);
      assertEquals(variance, m.stds()[c] * m.stds()[c], 1e-12);
    }
    int n = Samples.size(xy);
    int[] count = new int[k];
    double[][] sum = new double[k][2];
    double[][] sq = new double[k][3];
    for (int i = 0; i < n; i++) {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];
      int best = 0;
      for (int c = 1; c < k; c++) {
        if (distance(x, y, centres[c]) < distance(x, y, centres[best])) {
          best = c;
        }
      }
      double dx = x - centres[best][0];
      double dy = y - centres[best][1];
      count[best]++;
      sum[best][0] += dx;
      sum[best][1] += dy;
      sq[best][0] += dx * dx;
      sq[best][1] += dx * dy;
      sq[best][2] += dy * dy;
    }
    double sd = Math.sqrt(variance);
    for (int c = 0; c < k; c++) {
      int nc = count[c];
      double w = nc / (double) n;
      double mx = sum[c][0] / nc;
      double my = sum[c][1] / nc;
      double vx = sq[c][0] / nc;
      double cxy = sq[c][1] / nc;
      double vy = sq[c][2] / nc;
      System.out.printf("  %s mode %d: weight %.4f, offset (%.4f, %.4f), cov [[%.4f, %.4f], [., %.4f]]%n", m.name(),
          c, w, mx, my, vx, cxy, vy);
      assertEquals(1.0 / k, w, Z * Math.sqrt((1.0 / k) * (1 - 1.0 / k) / n), "weight of mode " + c);
      assertEquals(0, mx, Z * sd / Math.sqrt(nc), "x offset of mode " + c);
      assertEquals(0, my, Z * sd / Math.sqrt(nc), "y offset of mode " + c);
      assertEquals(variance, vx, Z * variance * Math.sqrt(2.0 / nc), "x variance of mode " + c);
      assertEquals(variance, vy, Z * variance * Math.sqrt(2.0 / nc), "y variance of mode " + c);
      assertEquals(0, cxy, Z * variance / Math.sqrt(nc), "covariance of mode " + c);
    }
  }

  private static double distance(double x, double y, double[] c) {
    return (x - c[0]) * (x - c[0]) + (y - c[1]) * (y - c[1]);
  }
}
