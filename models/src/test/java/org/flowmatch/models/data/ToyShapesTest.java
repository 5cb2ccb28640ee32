package org.flowmatch.models.data;

import static org.flowmatch.models.data.Samples.Z;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * Each density-free dataset against its reference: a property of its shape that a wrong definition would break, and
 * its first two moments against the reference recipe written out here in the reference's own (numpy) terms, drawn
 * with an independent generator, with {@code linspace} replaced by uniform draws as in the implementation.
 */
class ToyShapesTest {
  private static final int N = 200_000;

  // ---- moons: torchcfm's sample_moons = torchdyn generate_moons(n, noise=0.2) * 3 - 1 ----

  @Test
  void moonsLieOnTwoShiftedArcsOfRadiusThree() {
    double[] xy = Samples.draw(Datasets.byName("moons"), N, 21);
    int none = 0;
    int upperOnly = 0;
    int lowerOnly = 0;
    double minShift = Double.POSITIVE_INFINITY;
    double maxShift = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < N; i++) {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];
      // After * 3 - 1: the upper arc about (-1, -1), the lower one about 3 (1, 0.5) - 1 = (2, 0.5), radius 3.
      double upper = shiftOnto(x, y, -1, -1, 1);
      double lower = shiftOnto(x, y, 2, 0.5, -1);
      if (Double.isNaN(upper) && Double.isNaN(lower)) {
        none++;
      } else if (Double.isNaN(lower)) {
        upperOnly++;
        minShift = Math.min(minShift, upper);
        maxShift = Math.max(maxShift, upper);
      } else if (Double.isNaN(upper)) {
        lowerOnly++;
      }
    }
    System.out.printf("moons: %d upper only, %d lower only, %d neither; shifts in [%.4f, %.4f]%n", upperOnly,
        lowerOnly, none, minShift, maxShift);
    assertEquals(0, none, "points on neither arc");
    assertTrue(upperOnly > N / 4 && lowerOnly > N / 4, "both arcs are populated");
    // The shift 3 * 0.2 * u covers [0, 0.6).
    assertEquals(0, minShift, 0.01);
    assertEquals(0.6, maxShift, 0.01);
    // Means before scaling: upper arc (0, 2/pi), lower (1, 1/2 - 2/pi), shift 0.1: overall (0.6, 0.35).
    double[] m = Samples.mean(xy);
    assertEquals(3 * 0.6 - 1, m[0], Z * Samples.standardError(xy, (a, b) -> a));
    assertEquals(3 * 0.35 - 1, m[1], Z * Samples.standardError(xy, (a, b) -> b));
  }

  /**
   * The shift s in [0, 0.6] with |p - c - s (1, 1)| = 3 on the given half (+1 upper, -1 lower), or NaN if none:
   * the roots of 2 s^2 - 2 s (qx + qy) + |q|^2 - 9 = 0 for q = p - c.
   */
  private static double shiftOnto(double x, double y, double cx, double cy, int half) {
    double qx = x - cx;
    double qy = y - cy;
    double b = qx + qy;
    double disc = b * b - 2 * (qx * qx + qy * qy - 9);
    if (disc < -1e-9) {
      return Double.NaN;
    }
    double root = Math.sqrt(Math.max(0, disc));
    for (double s : new double[] {(b - root) / 2, (b + root) / 2}) {
      if (s >= -1e-9 && s <= 0.6 + 1e-9 && half * (qy - s) >= -1e-9) {
        return s;
      }
    }
    return Double.NaN;
  }

  @Test
  void moonsMatchTheirReference() {
    SplittableRandom r = new SplittableRandom(1);
    double[] ref = new double[2 * N];
    for (int i = 0; i < N; i++) {
      double theta = Math.PI * r.nextDouble();
      boolean inner = r.nextBoolean();
      double x = inner ? 1 - Math.cos(theta) : Math.cos(theta);
      double y = inner ? 1 - Math.sin(theta) - .5 : Math.sin(theta);
      double noise = r.nextDouble() * 0.2; // np.random.rand(n_samples, 1) * noise, one column for both
      ref[2 * i] = (x + noise) * 3 - 1;
      ref[2 * i + 1] = (y + noise) * 3 - 1;
    }
    Samples.assertSameMoments(ref, Samples.draw(Datasets.byName("moons"), N, 22), "moons");
  }

  // ---- checkerboard: FFJORD ----

  @Test
  void checkerboardFillsTheEightEvenSquaresEqually() {
    double[] xy = Samples.draw(Datasets.byName("checkerboard"), N, 31);
    int[][] counts = new int[4][4];
    double offsetSum = 0;
    double offsetSq = 0;
    for (int i = 0; i < N; i++) {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];
      assertTrue(x >= -4 && x < 4 && y >= -4 && y < 4, "inside [-4, 4)^2: " + x + ", " + y);
      int cx = (int) Math.floor(x / 2);
      int cy = (int) Math.floor(y / 2);
      assertEquals(0, Math.floorMod(cx + cy, 2), "square (" + cx + ", " + cy + ") is white: " + x + ", " + y);
      counts[cx + 2][cy + 2]++;
      double u = x / 2 - cx;
      double v = y / 2 - cy;
      offsetSum += u + v;
      offsetSq += (u - 0.5) * (u - 0.5) + (v - 0.5) * (v - 0.5);
    }
    double p = 1.0 / 8;
    for (int a = 0; a < 4; a++) {
      for (int b = 0; b < 4; b++) {
        if ((a + b) % 2 == 0) {
          assertEquals(p, counts[a][b] / (double) N, Z * Math.sqrt(p * (1 - p) / N), "square " + a + ", " + b);
        }
      }
    }
    // Uniform within the squares: offsets have mean 1/2 and variance 1/12.
    assertEquals(0.5, offsetSum / (2 * N), Z * Math.sqrt(1.0 / 12 / (2 * N)));
    assertEquals(1.0 / 12, offsetSq / (2 * N), Z * Math.sqrt(1.0 / 180 / (2 * N)));
    assertTrue(counts[2][2] > 0 && counts[2][1] == 0, "[0, 2) x [0, 2) is black, [0, 2) x [-2, 0) white");
  }

  @Test
  void checkerboardMatchesItsReference() {
    SplittableRandom r = new SplittableRandom(2);
    double[] ref = new double[2 * N];
    for (int i = 0; i < N; i++) {
      double x1 = r.nextDouble() * 4 - 2;
      double x2 = r.nextDouble() - r.nextInt(2) * 2;
      x2 += Math.floorMod((long) Math.floor(x1), 2L); // numpy's % is non-negative for a positive divisor
      ref[2 * i] = x1 * 2;
      ref[2 * i + 1] = x2 * 2;
    }
    Samples.assertSameMoments(ref, Samples.draw(Datasets.byName("checkerboard"), N, 32), "checkerboard");
  }

  // ---- circles: FFJORD = make_circles(factor=.5, noise=.08) * 3 ----

  @Test
  void circlesHaveRadiiThreeAndOneAndAHalf() {
    double[] xy = Samples.draw(Datasets.byName("circles"), N, 41);
    double sigma = 0.08 * 3;
    double[] sumSq = new double[2];
    double[][] direction = new double[2][2];
    int[] count = new int[2];
    for (int i = 0; i < N; i++) {
      double x = xy[2 * i];
      double y = xy[2 * i + 1];
      double r2 = x * x + y * y;
      int ring = r2 < 2.25 * 2.25 ? 1 : 0;
      count[ring]++;
      sumSq[ring] += r2;
      direction[ring][0] += x / Math.sqrt(r2);
      direction[ring][1] += y / Math.sqrt(r2);
    }
    // E|c + e|^2 = R^2 + 2 sigma^2 for a point c at radius R and isotropic noise e.
    double outer = Math.sqrt(sumSq[0] / count[0] - 2 * sigma * sigma);
    double inner = Math.sqrt(sumSq[1] / count[1] - 2 * sigma * sigma);
    System.out.printf("circles: radii %.4f and %.4f (ratio %.4f), %d and %d points%n", outer, inner, inner / outer,
        count[0], count[1]);
    assertEquals(3, outer, 0.01);
    assertEquals(1.5, inner, 0.01);
    assertEquals(0.5, inner / outer, 0.005);
    assertEquals(0.5, count[0] / (double) N, Z * Math.sqrt(0.25 / N));
    for (int ring = 0; ring < 2; ring++) {
      for (int c = 0; c < 2; c++) {
        assertEquals(0, direction[ring][c] / count[ring], Z * Math.sqrt(0.5 / count[ring]), "uniform angles");
      }
    }
  }

  @Test
  void circlesMatchTheirReference() {
    SplittableRandom r = new SplittableRandom(3);
    double[] ref = new double[2 * N];
    for (int i = 0; i < N; i++) {
      double angle = 2 * Math.PI * r.nextDouble();
      double factor = r.nextBoolean() ? 0.5 : 1;
      ref[2 * i] = (Math.cos(angle) * factor + r.nextGaussian() * 0.08) * 3;
      ref[2 * i + 1] = (Math.sin(angle) * factor + r.nextGaussian() * 0.08) * 3;
    }
    Samples.assertSameMoments(ref, Samples.draw(Datasets.byName("circles"), N, 42), "circles");
  }

  // ---- pinwheel: FFJORD ----

  @Test
  void pinwheelHasFiveArmsTurnedAsTheReferenceTurnsThem() {
    double[] xy = Samples.draw(Datasets.byName("pinwheel"), N, 51);
    double[] ref = pinwheelReference(N, new SplittableRandom(4));
    // Invariance under a turn by 2 pi / 5: E[exp(i k phi)] = 0 unless 5 divides k; at k = 5 it is not 0.
    for (int k = 1; k <= 10; k++) {
      double[] moment = angularMoment(xy, k);
      double[] expected = angularMoment(ref, k);
      double tol = Z * Math.sqrt(2.0 / N);
      System.out.printf("pinwheel: E[exp(%d i phi)] = %.4f %+.4fi, reference %.4f %+.4fi%n", k, moment[0], moment[1],
          expected[0], expected[1]);
      if (k % 5 != 0) {
        assertEquals(0, Math.hypot(moment[0], moment[1]), tol, "moment " + k);
      } else if (k == 5) {
        assertTrue(Math.hypot(moment[0], moment[1]) > 0.3, "five distinct arms");
      }
      assertEquals(expected[0], moment[0], tol, "real part of moment " + k);
      assertEquals(expected[1], moment[1], tol, "imaginary part of moment " + k);
    }
    Samples.assertSameMoments(ref, xy, "pinwheel");
  }

  /** E[exp(i k phi)] for phi the polar angle of the points: {real, imaginary}. */
  private static double[] angularMoment(double[] xy, int k) {
    double phi;
    double re = 0;
    double im = 0;
    int n = Samples.size(xy);
    for (int i = 0; i < n; i++) {
      phi = Math.atan2(xy[2 * i + 1], xy[2 * i]);
      re += Math.cos(k * phi) / n;
      im += Math.sin(k * phi) / n;
    }
    return new double[] {re, im};
  }

  /** FFJORD's recipe, with its einsum("ti,tij->tj", features, rotations) spelt out and the label drawn per row. */
  private static double[] pinwheelReference(int n, SplittableRandom r) {
    double[] out = new double[2 * n];
    for (int t = 0; t < n; t++) {
      double[] features = {r.nextGaussian() * 0.3 + 1, r.nextGaussian() * 0.1};
      int label = r.nextInt(5);
      double angle = 2 * Math.PI * label / 5 + 0.25 * Math.exp(features[0]);
      // rotations = stack([cos, -sin, sin, cos]) reshaped from its transpose to (-1, 2, 2): [[cos, -sin], [sin, cos]].
      double[][] rotation = {{Math.cos(angle), -Math.sin(angle)}, {Math.sin(angle), Math.cos(angle)}};
      for (int j = 0; j < 2; j++) {
        out[2 * t + j] = 2 * (features[0] * rotation[0][j] + features[1] * rotation[1][j]);
      }
    }
    return out;
  }

  // ---- two-spirals: FFJORD 2spirals ----

  @Test
  void twoSpiralsAreSymmetricUnderXToMinusX() {
    double[] xy = Samples.draw(Datasets.byName("two-spirals"), N, 61);
    double[] oneArm = twoSpiralsReference(N, new SplittableRandom(5), false);
    DoubleBinaryOperator[] odd = {(x, y) -> x, (x, y) -> y, (x, y) -> x * x * x,
        (x, y) -> x * x * y, (x, y) -> x * y * y, (x, y) -> y * y * y};
    double weakestArm = Double.POSITIVE_INFINITY;
    for (DoubleBinaryOperator f : odd) {
      double m = Samples.average(xy, f);
      double se = Samples.standardError(xy, f);
      assertEquals(0, m, Z * se, "an odd moment of a law symmetric under x -> -x");
      weakestArm = Math.min(weakestArm, Math.abs(Samples.average(oneArm, f)) / Samples.standardError(oneArm, f));
    }
    System.out.printf("two-spirals: one arm alone breaks the symmetry by at least %.1f standard errors%n",
        weakestArm);
    assertTrue(weakestArm > 4 * Z, "the test would notice a single arm");
    Samples.assertSameMoments(twoSpiralsReference(N, new SplittableRandom(6), true), xy, "two-spirals");
    double[] radii = new double[N];
    double[] refRadii = new double[N];
    double[] ref = twoSpiralsReference(N, new SplittableRandom(7), true);
    for (int i = 0; i < N; i++) {
      radii[i] = Math.hypot(xy[2 * i], xy[2 * i + 1]);
      refRadii[i] = Math.hypot(ref[2 * i], ref[2 * i + 1]);
    }
    Arrays.sort(radii);
    Arrays.sort(refRadii);
    for (double p : new double[] {0.01, 0.1, 0.5, 0.9, 0.99}) {
      int at = (int) (p * N);
      assertEquals(refRadii[at], radii[at], 0.03, "radius quantile " + p);
    }
  }

  /** FFJORD's recipe, arm by a fair coin per row (or always the first arm). */
  private static double[] twoSpiralsReference(int n, SplittableRandom r, boolean bothArms) {
    double[] out = new double[2 * n];
    for (int i = 0; i < n; i++) {
      double turn = Math.sqrt(r.nextDouble()) * 540 * (2 * Math.PI) / 360;
      double d1x = -Math.cos(turn) * turn + r.nextDouble() * 0.5;
      double d1y = Math.sin(turn) * turn + r.nextDouble() * 0.5;
      double sign = bothArms && r.nextBoolean() ? -1 : 1;
      out[2 * i] = sign * d1x / 3 + r.nextGaussian() * 0.1;
      out[2 * i + 1] = sign * d1y / 3 + r.nextGaussian() * 0.1;
    }
    return out;
  }

  // ---- swiss-roll (FFJORD) and s-curve (OT-CFM benchmark): scikit-learn curves ----

  @Test
  void swissRollMatchesItsReference() {
    SplittableRandom r = new SplittableRandom(8);
    double[] ref = new double[2 * N];
    for (int i = 0; i < N; i++) {
      // make_swiss_roll(noise=1.0): t, then the height (dropped), then noise on x, y, z; keep [x, z] / 5.
      double t = 1.5 * Math.PI * (1 + 2 * r.nextDouble());
      r.nextDouble();
      double x = t * Math.cos(t) + r.nextGaussian();
      r.nextGaussian();
      double z = t * Math.sin(t) + r.nextGaussian();
      ref[2 * i] = x / 5;
      ref[2 * i + 1] = z / 5;
    }
    assertCurveDataset("swiss-roll", ref, 1.5 * Math.PI, 4.5 * Math.PI,
        t -> new double[] {t * Math.cos(t) / 5, t * Math.sin(t) / 5}, 0.2);
  }

  @Test
  void sCurveMatchesItsReference() {
    SplittableRandom r = new SplittableRandom(9);
    double[] ref = new double[2 * N];
    for (int i = 0; i < N; i++) {
      // make_s_curve(noise=0.05): t, the height (dropped), noise on x, y, z; keep [x, z] * 1.5.
      double t = 3 * Math.PI * (r.nextDouble() - 0.5);
      r.nextDouble();
      double x = Math.sin(t) + 0.05 * r.nextGaussian();
      r.nextGaussian();
      double z = Math.signum(t) * (Math.cos(t) - 1) + 0.05 * r.nextGaussian();
      ref[2 * i] = x * 1.5;
      ref[2 * i + 1] = z * 1.5;
    }
    assertCurveDataset("s-curve", ref, -1.5 * Math.PI, 1.5 * Math.PI,
        t -> new double[] {1.5 * Math.sin(t), 1.5 * Math.signum(t) * (Math.cos(t) - 1)}, 0.05 * 1.5);
  }

  /**
   * The samples stay within the noise-free curve's bounding box widened by 6.5 noise stds, and their mean,
   * second moments and coordinate quantiles match the reference sample.
   */
  private static void assertCurveDataset(String name, double[] ref, double from, double to,
      DoubleFunction<double[]> curve, double noiseStd) {
    double[] box = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY};
    for (int k = 0; k <= 100_000; k++) {
      double[] p = curve.apply(from + (to - from) * k / 100_000);
      box[0] = Math.min(box[0], p[0]);
      box[1] = Math.max(box[1], p[0]);
      box[2] = Math.min(box[2], p[1]);
      box[3] = Math.max(box[3], p[1]);
    }
    double[] xy = Samples.draw(Datasets.byName(name), N, name.hashCode());
    double margin = 6.5 * noiseStd;
    double[] seen = {Samples.quantile(xy, 0, 0), Samples.quantile(xy, 0, 1), Samples.quantile(xy, 1, 0),
        Samples.quantile(xy, 1, 1)};
    System.out.printf("%s: curve box x [%.3f, %.3f] y [%.3f, %.3f]; samples x [%.3f, %.3f] y [%.3f, %.3f]%n", name,
        box[0], box[1], box[2], box[3], seen[0], seen[1], seen[2], seen[3]);
    assertTrue(seen[0] >= box[0] - margin && seen[1] <= box[1] + margin, name + " x within the box");
    assertTrue(seen[2] >= box[2] - margin && seen[3] <= box[3] + margin, name + " y within the box");
    for (int c = 0; c < 2; c++) {
      double width = box[2 * c + 1] - box[2 * c];
      for (double p : new double[] {0.001, 0.01, 0.25, 0.5, 0.75, 0.99, 0.999}) {
        double expected = Samples.quantile(ref, c, p);
        assertEquals(expected, Samples.quantile(xy, c, p), 0.02 * width, name + " quantile " + p + " of coord " + c);
      }
      // The extreme quantiles reach the box: the whole curve is covered.
      assertEquals(box[2 * c], Samples.quantile(xy, c, 0.001), 0.1 * width + 3 * noiseStd, name + " low end");
      assertEquals(box[2 * c + 1], Samples.quantile(xy, c, 0.999), 0.1 * width + 3 * noiseStd, name + " high end");
    }
    Samples.assertSameMoments(ref, xy, name);
  }
}
