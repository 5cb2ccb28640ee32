package org.flowmatch.models.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.util.SplittableRandom;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.models.VectorApi;
import org.flowmatch.models.data.GaussianDatasets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The assignment's row sweeps: the Vector API implementation against the plain-Java one (the same bits, sweep by
 * sweep and solve by solve), both against independent oracles, and the whole solver's optimum certified at the
 * sizes of a training batch.
 */
class AssignmentOpsTest {
  private static final AssignmentOps SCALAR = new ScalarAssignmentOps();
  private static final AssignmentOps VECTOR = new VectorAssignmentOps();
  private static final double INF = Double.POSITIVE_INFINITY;

  @Test
  void theVectorApiIsUsedWhereTheJvmHasIt() {
    // Surefire starts the JVM with --add-modules jdk.incubator.vector, as the launcher does.
    assumeFalse("false".equals(System.getProperty(VectorApi.PROPERTY)));
    assertTrue(AssignmentOps.best() instanceof VectorAssignmentOps, AssignmentOps.best().getClass().getName());
  }

  @Test
  void rowSweepsGiveTheSameBitsAsPlainJava() {
    SplittableRandom r = new SplittableRandom(11);
    int checked = 0;
    for (int n = 1; n <= 70; n += n < 20 ? 1 : 7) {
      for (int kind = 0; kind < 3; kind++) {
        for (int rep = 0; rep < 5; rep++) {
          double[] c = new double[n * n];
          double[] v = new double[n];
          double[] d = new double[n];
          double[] pred = new double[n];
          int[] y = new int[n];
          for (int k = 0; k < c.length; k++) {
            c[k] = value(r, kind);
          }
          for (int j = 0; j < n; j++) {
            // Scanned columns carry the sentinels v = -inf, d = +inf, as in a search.
            boolean scanned = kind > 0 && r.nextInt(4) == 0;
            v[j] = scanned ? Double.NEGATIVE_INFINITY : value(r, kind);
            d[j] = scanned || r.nextInt(5) == 0 ? INF : value(r, kind) + 1;
            pred[j] = r.nextInt(n);
            y[j] = r.nextInt(3) == 0 ? -1 : r.nextInt(n);
          }
          int row = r.nextInt(n);
          double h = kind == 1 ? 0 : value(r, kind);
          double[] d1 = d.clone();
          double[] d2 = d.clone();
          double[] p1 = pred.clone();
          double[] p2 = pred.clone();
          int first1 = SCALAR.relax(c, row * n, v, h, d1, p1, row, n);
          int first2 = VECTOR.relax(c, row * n, v, h, d2, p2, row, n);
          String where = "n = " + n + ", kind " + kind + ", rep " + rep;
          assertEquals(first1, first2, where);
          assertArrayEquals(d1, d2, where);
          assertArrayEquals(p1, p2, where);
          // Oracle: the relaxation rule element by element, and the first column at the least value.
          double least = INF;
          for (int j = 0; j < n; j++) {
            double reduced = c[row * n + j] - v[j] - h;
            double expected = reduced < d[j] ? reduced : d[j];
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(d1[j]), where);
            assertEquals(reduced < d[j] ? row : pred[j], p1[j], where);
            least = Math.min(least, expected);
          }
          int firstLeast = -1;
          for (int j = n - 1; j >= 0; j--) {
            firstLeast = d1[j] == least && least < INF ? j : firstLeast;
          }
          assertEquals(firstLeast, first1, where);

          if (first1 >= 0) {
            int nearest = SCALAR.nearest(d1, y, first1, n);
            assertEquals(nearest, VECTOR.nearest(d1, y, first1, n), where);
            assertEquals(nearestOracle(d1, y, least, n), nearest, where);
          } else {
            assertEquals(INF, least, where);
          }

          double u = value(r, kind);
          double[] prices1 = d.clone();
          double[] prices2 = d.clone();
          SCALAR.lowerPrices(c, row * n, u, prices1, n);
          VECTOR.lowerPrices(c, row * n, u, prices2, n);
          assertArrayEquals(prices1, prices2, where);

          if (n >= 2) {
            double[] finite = v.clone();
            for (int j = 0; j < n; j++) {
              finite[j] = Double.isInfinite(finite[j]) ? value(r, kind) : finite[j];
            }
            double[] two1 = new double[4];
            double[] two2 = new double[4];
            SCALAR.twoSmallest(c, row * n, finite, n, two1);
            VECTOR.twoSmallest(c, row * n, finite, n, two2);
            assertArrayEquals(two1, two2, where);
            assertArrayEquals(twoSmallestOracle(c, row * n, finite, n), two1, where);
          }
          checked++;
        }
      }
    }
    System.out.println("vector and scalar row sweeps agree on " + checked + " cases");
  }

  @Test
  void squaredDistancesGiveTheSameBitsAsPlainJava() {
    SplittableRandom r = new SplittableRandom(12);
    for (int d = 1; d <= 5; d++) {
      for (int n = 1; n <= 40; n += 3) {
        double[] a = new double[n * d];
        double[] b = new double[n * d];
        for (int k = 0; k < n * d; k++) {
          a[k] = r.nextGaussian() * 3;
          b[k] = r.nextInt(4) == 0 ? a[k] : r.nextGaussian();
        }
        double[] c1 = OtCoupling.squaredDistances(a, b, n, d, SCALAR);
        double[] c2 = OtCoupling.squaredDistances(a, b, n, d, VECTOR);
        assertArrayEquals(c1, c2, "n = " + n + ", d = " + d);
        for (int i = 0; i < n; i++) {
          for (int j = 0; j < n; j++) {
            double sum = 0;
            for (int k = 0; k < d; k++) {
              sum += (a[i * d + k] - b[j * d + k]) * (a[i * d + k] - b[j * d + k]);
            }
            assertEquals(sum, c1[i * n + j], 0, "C[" + i + ", " + j + "]");
          }
        }
      }
    }
  }

  @Test
  void bothImplementationsSolveToTheSameAssignmentAndDuals() {
    SplittableRandom r = new SplittableRandom(13);
    for (int n : new int[] {2, 5, 9, 33, 127, 128, 131, 256}) {
      for (int kind = 0; kind < 4; kind++) {
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
          c[k] = switch (kind) {
            case 0 -> r.nextDouble();
            case 1 -> r.nextInt(3);                  // many ties
            case 2 -> 7;                              // every assignment is optimal
            default -> r.nextInt(2) == 0 ? 0.0 : -0.0; // signed zeros, all tied
          };
        }
        LinearAssignment.Solution s1 = LinearAssignment.solve(c, n, SCALAR);
        LinearAssignment.Solution s2 = LinearAssignment.solve(c, n, VECTOR);
        String where = "n = " + n + ", kind " + kind;
        assertArrayEquals(s1.assignment(), s2.assignment(), where);
        assertArrayEquals(s1.rowDuals(), s2.rowDuals(), where);
        assertArrayEquals(s1.columnDuals(), s2.columnDuals(), where);
        LinearAssignmentTest.assertPermutation(s2.assignment());
        LinearAssignmentTest.assertCertificate(c, n, s2);
      }
    }
  }

  @Test
  void smallMatricesMatchBruteForceWithBothImplementations() {
    SplittableRandom r = new SplittableRandom(14);
    for (int n = 1; n <= 7; n++) {
      for (int m = 0; m < 40; m++) {
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
          c[k] = m % 2 == 0 ? r.nextDouble() : r.nextInt(3) - 1;
        }
        double best = LinearAssignmentTest.bruteForce(c, n);
        for (AssignmentOps ops : new AssignmentOps[] {SCALAR, VECTOR}) {
          LinearAssignment.Solution s = LinearAssignment.solve(c, n, ops);
          assertEquals(best, s.cost(), 1e-12, ops.getClass().getSimpleName() + ", n = " + n + ", matrix " + m);
          LinearAssignmentTest.assertCertificate(c, n, s);
        }
      }
    }
  }

  @Test
  void trainingBatchPlansAt256And512AreCertifiedOptimal() {
    // The benchmark's case: N(0, I) against eight Gaussians, squared distances.
    Rng rng = Rng.seeded(15);
    for (int n : new int[] {256, 512}) {
      for (int batch = 0; batch < 2; batch++) {
        double[] x0 = NdArrays.toDoubles(rng.gaussian(n, 2, DataType.DOUBLE));
        double[] x1 = NdArrays.toDoubles(GaussianDatasets.eightGaussians().sample(n, rng));
        double[] c = OtCoupling.squaredDistances(x1, x0, n, 2);
        LinearAssignment.Solution s = LinearAssignment.solve(c, n);
        LinearAssignmentTest.assertPermutation(s.assignment());
        LinearAssignmentTest.assertCertificate(c, n, s);
        // Jonker-Volgenant from its own start (with the row reduction) reaches the same, unique, optimum.
        LinearAssignment.Solution plain = LinearAssignment.solveWithoutCoarseStart(c, n);
        assertArrayEquals(plain.assignment(), s.assignment(), "n = " + n + ", batch " + batch);
        assertArrayEquals(s.assignment(), LinearAssignment.solve(c, n, SCALAR).assignment());
      }
    }
  }

  /** Continuous values, small integers with signed zeros (ties), or a wide mix. */
  private static double value(SplittableRandom r, int kind) {
    return switch (kind) {
      case 0 -> r.nextDouble();
      case 1 -> new double[] {0.0, -0.0, 1, 2}[r.nextInt(4)];
      default -> r.nextInt(3) == 0 ? r.nextInt(3) : 1e3 * (r.nextDouble() - 0.5);
    };
  }

  private static int nearestOracle(double[] d, int[] y, double min, int n) {
    for (int j = 0; j < n; j++) {
      if (d[j] == min && y[j] < 0) {
        return j;
      }
    }
    for (int j = 0; j < n; j++) {
      if (d[j] == min) {
        return j;
      }
    }
    return -1;
  }

  /** The first two columns in the order of (reduced cost, index), by selection. */
  private static double[] twoSmallestOracle(double[] c, int base, double[] v, int n) {
    int j1 = 0;
    for (int j = 1; j < n; j++) {
      if (c[base + j] - v[j] < c[base + j1] - v[j1]) {
        j1 = j;
      }
    }
    int j2 = j1 == 0 ? 1 : 0;
    for (int j = 0; j < n; j++) {
      if (j != j1 && c[base + j] - v[j] < c[base + j2] - v[j2]) {
        j2 = j;
      }
    }
    return new double[] {c[base + j1] - v[j1], j1, c[base + j2] - v[j2], j2};
  }
}
