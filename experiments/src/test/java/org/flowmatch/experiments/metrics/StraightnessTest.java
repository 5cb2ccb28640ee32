package org.flowmatch.experiments.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;

/** Path energy, NPE and deviation on straight lines, quarter circles and a straight path at varying speed. */
class StraightnessTest {
  private static final double R = 0.8;
  private static final double PHI = 0.3;

  /** Straight constant-speed paths between the points of a and their partners in b, at the given times. */
  private static double[][][] straight(double[][] a, double[][] b, int[] partner, double[] times) {
    double[][][] paths = new double[a.length][times.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int k = 0; k < times.length; k++) {
        for (int c = 0; c < a[0].length; c++) {
          paths[i][k][c] = (1 - times[k]) * a[i][c] + times[k] * b[partner[i]][c];
        }
      }
    }
    return paths;
  }

  /** Quarter circles of radius R at constant angular speed, each starting at its own point of {@code starts}. */
  private static double[][][] quarterCircles(double[][] starts, double[] times) {
    double[][][] paths = new double[starts.length][times.length][];
    for (int i = 0; i < starts.length; i++) {
      for (int k = 0; k < times.length; k++) {
        double angle = PHI + times[k] * Math.PI / 2;
        paths[i][k] = new double[] {starts[i][0] + R * (Math.cos(angle) - Math.cos(PHI)),
            starts[i][1] + R * (Math.sin(angle) - Math.sin(PHI))};
      }
    }
    return paths;
  }

  /**
   * Along optimally paired straight lines at constant speed the path energy is W2^2 exactly, whatever the
   * (here uneven) time grid, so NPE = 0 and the paths never leave their chords.
   */
  @Test
  void straightPathsBetweenOptimalPartnersHaveNoExcessEnergy() {
    Rng rng = Rng.seeded(1);
    double[][] a = Samples.standard(300, 2, rng);
    double[][] b = Samples.gaussian(300, new double[] {2, 1}, 0.5, rng);
    Wasserstein.Matching m = Wasserstein.w2Matching(a, b);
    double[] times = {0, 0.1, 0.35, 0.5, 0.9, 1};
    double[][][] paths = straight(a, b, m.assignment(), times);
    assertEquals(m.meanCost(), Straightness.pathEnergy(paths, times), 1e-12 * m.meanCost());
    assertEquals(0, Straightness.normalizedPathEnergy(paths, times, m.meanCost()), 1e-12);
    assertEquals(0, Straightness.normalizedPathEnergy(paths, times), 1e-9);
    assertEquals(0, Straightness.meanDeviation(paths, times), 1e-12);
    assertEquals(0, Straightness.meanRelativeDeviation(paths, times), 1e-12);
  }

  /** Straight lines between badly paired points carry the excess of their pairing over the optimal one. */
  @Test
  void straightPathsBetweenRandomPartnersCarryTheExcessOfThePairing() {
    Rng rng = Rng.seeded(2);
    double[][] a = Samples.standard(200, 3, rng);
    double[][] b = Samples.gaussian(200, new double[] {1, 0, 0}, 2, rng);
    int[] identity = new int[a.length];
    double cost = 0;
    for (int i = 0; i < a.length; i++) {
      identity[i] = i;
      cost += Samples.squaredDistance(a[i], b[i]) / a.length;
    }
    double w2Squared = Wasserstein.w2Matching(a, b).meanCost();
    double npe = Straightness.normalizedPathEnergy(straight(a, b, identity, Straightness.uniformTimes(4)),
        Straightness.uniformTimes(4));
    assertEquals((cost - w2Squared) / w2Squared, npe, 1e-9);
    assertTrue(npe > 0.3, "random pairs should cost more: " + npe);
  }

  /**
   * Each quarter circle of radius r joins x_0 to x_0 + s with |s| = r sqrt(2), so ends are starts shifted by s and
   * W2^2 = 2 r^2. At constant angular speed its energy is the squared arc length (pi r / 2)^2, hence NPE =
   * pi^2 / 8 - 1. On T equally spaced times the finite differences see chords 2 r sin(pi / (4 (T - 1))), which
   * gives the discrete value exactly.
   */
  @Test
  void quarterCirclesHaveTheExcessEnergyOfTheirArcs() {
    int frames = 201;
    double[] times = Straightness.uniformTimes(frames);
    double[][][] paths = quarterCircles(Samples.standard(150, 2, Rng.seeded(3)), times);
    double chord = 2 * R * Math.sin(Math.PI / (4 * (frames - 1)));
    double discrete = (frames - 1) * (frames - 1) * chord * chord;
    assertEquals(discrete, Straightness.pathEnergy(paths, times), 1e-12);
    assertEquals(discrete / (2 * R * R) - 1, Straightness.normalizedPathEnergy(paths, times), 1e-9);
    assertEquals(Math.PI * Math.PI / 8 - 1, Straightness.normalizedPathEnergy(paths, times), 1e-4);
    assertEquals(Math.PI * Math.PI / 8 - 1, Straightness.normalizedPathEnergy(paths, times, 2 * R * R), 1e-4);
  }

  /**
   * An arc of angle theta = pi/2 leaves its chord by r |e(a(t)) - (1 - t) e(-theta/2) - t e(theta/2)| with
   * a(t) = (t - 1/2) theta (turned so that the chord is vertical): integrated by Simpson's rule on a fine grid.
   * On the grid {0, 1/2, 1} the trapezoidal rule sees only the sagitta r (1 - cos(theta/2)) at t = 1/2.
   */
  @Test
  void aQuarterCircleDeviatesFromItsChordByTheIntegralOfItsOffset() {
    double theta = Math.PI / 2;
    int intervals = 20000;
    double integral = 0;
    for (int j = 0; j <= intervals; j++) {
      double t = (double) j / intervals;
      double angle = (t - 0.5) * theta;
      double dx = Math.cos(angle) - Math.cos(theta / 2);
      double dy = Math.sin(angle) - (2 * t - 1) * Math.sin(theta / 2);
      double weight = j == 0 || j == intervals ? 1 : j % 2 == 1 ? 4 : 2;
      integral += weight * R * Math.hypot(dx, dy) / (3.0 * intervals);
    }
    double[][] starts = Samples.standard(40, 2, Rng.seeded(4));
    double[] fine = Straightness.uniformTimes(401);
    assertEquals(integral, Straightness.meanDeviation(quarterCircles(starts, fine), fine), 1e-5);
    assertEquals(integral / (R * Math.sqrt(2)), Straightness.meanRelativeDeviation(quarterCircles(starts, fine),
        fine), 1e-5);
    double[] coarse = Straightness.uniformTimes(3);
    assertArrayEquals(new double[] {0, 0.5, 1}, coarse);
    double sagitta = R * (1 - Math.cos(theta / 2));
    assertEquals(sagitta / 2, Straightness.meanDeviation(quarterCircles(starts, coarse), coarse), 1e-12);
  }

  /**
   * x(t) = x_0 + t^2 s is straight but speeds up: its energy is int_0^1 |2 t s|^2 dt = 4/3 |s|^2 (so NPE = 1/3)
   * and it trails the uniformly timed line by (t - t^2) |s|, on average |s| / 6. Finite differences approximate
   * the energy from below, by the midpoint rule's h^2 / 3 |s|^2.
   */
  @Test
  void aStraightPathAtVaryingSpeedHasExcessEnergyAndDeviates() {
    Rng rng = Rng.seeded(5);
    double[][] starts = Samples.standard(50, 2, rng);
    double[] s = {0.6, -1.2};
    double s2 = Samples.norm(s) * Samples.norm(s);
    int frames = 1001;
    double[] times = Straightness.uniformTimes(frames);
    double[][][] paths = new double[starts.length][frames][2];
    for (int i = 0; i < starts.length; i++) {
      for (int k = 0; k < frames; k++) {
        double f = times[k] * times[k];
        paths[i][k] = new double[] {starts[i][0] + f * s[0], starts[i][1] + f * s[1]};
      }
    }
    double energy = Straightness.pathEnergy(paths, times);
    double h = 1.0 / (frames - 1);
    assertEquals(4.0 / 3 * s2 - h * h / 3 * s2, energy, 1e-10);
    assertEquals(1.0 / 3, Straightness.normalizedPathEnergy(paths, times), 1e-6);
    assertEquals(Samples.norm(s) / 6, Straightness.meanDeviation(paths, times), 1e-6);
    assertEquals(1.0 / 6, Straightness.meanRelativeDeviation(paths, times), 1e-6);
  }
}
