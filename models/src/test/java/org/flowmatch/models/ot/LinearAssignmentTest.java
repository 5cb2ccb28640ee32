package org.flowmatch.models.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LinearAssignmentTest {

  @Test
  void aKnownExample() {
    // scipy.optimize.linear_sum_assignment's documented example: rows 0, 1, 2 take columns 1, 0, 2 for a cost of 5.
    LinearAssignment.Solution s = LinearAssignment.solve(new double[][] {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}});
    assertArrayEquals(new int[] {1, 0, 2}, s.assignment());
    assertEquals(5, s.cost(), 0);
    assertCertificate(new double[] {4, 1, 3, 2, 0, 5, 3, 2, 2}, 3, s);
  }

  @Test
  void matchesBruteForceOnSmallMatrices() {
    SplittableRandom r = new SplittableRandom(1);
    int solved = 0;
    for (int n = 1; n <= 8; n++) {
      int matrices = n <= 6 ? 300 : n == 7 ? 60 : 15;
      for (int m = 0; m < matrices; m++) {
        double[] c = new double[n * n];
        int kind = m % 4;
        for (int k = 0; k < c.length; k++) {
          c[k] = switch (kind) {
            case 0 -> r.nextDouble();                // continuous: a unique optimum
            case 1 -> r.nextInt(3);                  // many ties
            case 2 -> r.nextInt(21) - 10;            // negative costs and ties
            default -> 1e3 * (r.nextDouble() - 0.7); // mostly negative, wide range
          };
        }
        LinearAssignment.Solution s = LinearAssignment.solve(c, n);
        double best = bruteForce(c, n);
        assertEquals(best, s.cost(), 1e-9 * (1 + Math.abs(best)), "n = " + n + ", matrix " + m);
        assertEquals(costOf(c, n, s.assignment()), s.cost(), 1e-9 * (1 + Math.abs(best)), "reported cost");
        assertPermutation(s.assignment());
        assertCertificate(c, n, s);
        solved++;
      }
    }
    System.out.println("brute force agrees on " + solved + " matrices, n <= 8");
  }

  @Test
  void dualsCertifyOptimalityOnLargerMatricesWithTies() {
    SplittableRandom r = new SplittableRandom(2);
    for (int n : new int[] {50, 200, 400}) {
      for (int kind = 0; kind < 4; kind++) {
        double[] c = new double[n * n];
        for (int k = 0; k < c.length; k++) {
          c[k] = switch (kind) {
            case 0 -> r.nextDouble();
            case 1 -> r.nextInt(4);
            case 2 -> 7;                                   // every assignment is optimal
            default -> (k / n) * (k % n) % 17 - 8.5;       // structured, negative, many ties
          };
        }
        LinearAssignment.Solution s = LinearAssignment.solve(c, n);
        assertPermutation(s.assignment());
        assertCertificate(c, n, s);
        // From 128 rows up solve() starts from the coarse problem's prices; the plain start finds the same cost.
        LinearAssignment.Solution plain = LinearAssignment.solveWithoutCoarseStart(c, n);
        assertCertificate(c, n, plain);
        assertEquals(plain.cost(), s.cost(), 1e-9 * n, "n = " + n + ", kind " + kind);
      }
    }
  }

  @Test
  void addingAConstantToARowOrColumnKeepsTheAssignment() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 60;
    double[] c = new double[n * n];
    for (int k = 0; k < c.length; k++) {
      c[k] = r.nextDouble();
    }
    LinearAssignment.Solution base = LinearAssignment.solve(c, n);
    double[] shifted = c.clone();
    for (int j = 0; j < n; j++) {
      shifted[7 * n + j] += 3.5;      // row 7
      shifted[j * n + 11] -= 1.25;    // column 11
    }
    LinearAssignment.Solution s = LinearAssignment.solve(shifted, n);
    assertArrayEquals(base.assignment(), s.assignment());
    assertEquals(base.cost() + 3.5 - 1.25, s.cost(), 1e-9);
  }

  @Test
  void aPermutedIdentityCostIsSolvedByItsPermutation() {
    // c_ij = 0 where j = q(i), 1 elsewhere: the unique zero-cost assignment is q.
    int n = 300;
    int[] q = Rng.seeded(4).permutation(n);
    double[] c = new double[n * n];
    Arrays.fill(c, 1);
    for (int i = 0; i < n; i++) {
      c[i * n + q[i]] = 0;
    }
    LinearAssignment.Solution s = LinearAssignment.solve(c, n);
    assertArrayEquals(q, s.assignment());
    assertEquals(0, s.cost(), 0);
  }

  @Test
  void degenerateSizes() {
    LinearAssignment.Solution empty = LinearAssignment.solve(new double[0], 0);
    assertEquals(0, empty.assignment().length);
    assertEquals(0, empty.cost(), 0);
    LinearAssignment.Solution one = LinearAssignment.solve(new double[] {-2.5}, 1);
    assertArrayEquals(new int[] {0}, one.assignment());
    assertEquals(-2.5, one.cost(), 0);
    assertCertificate(new double[] {-2.5}, 1, one);
  }

  @Test
  void theInputIsNotModifiedAndTheResultIsACopy() {
    double[] c = {4, 1, 3, 2, 0, 5, 3, 2, 2};
    LinearAssignment.Solution s = LinearAssignment.solve(c, 3);
    assertArrayEquals(new double[] {4, 1, 3, 2, 0, 5, 3, 2, 2}, c, 0);
    s.assignment()[0] = 2;
    s.columnDuals()[0] = 100;
    assertArrayEquals(new int[] {1, 0, 2}, s.assignment());
    assertCertificate(c, 3, s);
  }

  @Test
  void invalidInputsAreNamed() {
    assertMessage(() -> LinearAssignment.solve(new double[5], 2),
        "cost must hold n * n entries for a square matrix, got 5 entries for n = 2");
    assertMessage(() -> LinearAssignment.solve(new double[4], -2),
        "cost must hold n * n entries for a square matrix, got 4 entries for n = -2");
    assertMessage(() -> LinearAssignment.solve(new double[] {0, 1, Double.NaN, 2}, 2),
        "cost[1, 0] must be finite, got NaN");
    assertMessage(() -> LinearAssignment.solve(new double[] {0, Double.POSITIVE_INFINITY, 1, 2}, 2),
        "cost[0, 1] must be finite, got Infinity");
    assertMessage(() -> LinearAssignment.solve(new double[] {-1e308, 0, 0, 1e308}, 2),
        "cost entries must span less than 4e307 so that reduced costs stay finite, got [-1.0E308, 1.0E308]");
    assertMessage(() -> LinearAssignment.solve(new double[][] {{1, 2}, {3}}),
        "cost must be square, but row 1 has 1 entries and there are 2 rows");
    assertMessage(() -> LinearAssignment.solve(new double[][] {{1, 2, 3}, {4, 5, 6}}),
        "cost must be square, but row 0 has 3 entries and there are 2 rows");
    assertMessage(() -> LinearAssignment.solve((double[]) null, 0), "cost must not be null");
    assertMessage(() -> LinearAssignment.solve((double[][]) null), "cost must not be null");
  }

  @Test
  void timings() {
    SplittableRandom r = new SplittableRandom(5);
    for (int n : new int[] {512, 2000}) {
      double[] uniform = new double[n * n];
      for (int k = 0; k < uniform.length; k++) {
        uniform[k] = r.nextDouble();
      }
      double[] a = new double[2 * n];
      double[] b = new double[2 * n];
      for (int k = 0; k < 2 * n; k++) {
        a[k] = r.nextGaussian();
        b[k] = r.nextGaussian() + (k % 2 == 0 ? 2 : 0);
      }
      double[] squared = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double dx = a[2 * i] - b[2 * j];
          double dy = a[2 * i + 1] - b[2 * j + 1];
          squared[i * n + j] = dx * dx + dy * dy;
        }
      }
      int repeats = n <= 512 ? 5 : 2;
      for (String kind : new String[] {"uniform [0, 1) costs", "squared distances of 2-D Gaussian points"}) {
        double[] c = kind.startsWith("uniform") ? uniform : squared;
        LinearAssignment.solve(c, n); // warm-up
        long best = Long.MAX_VALUE;
        LinearAssignment.Solution s = null;
        for (int k = 0; k < repeats; k++) {
          long start = System.nanoTime();
          s = LinearAssignment.solve(c, n);
          best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf("LinearAssignment n = %d, %s: %.1f ms (best of %d after warm-up), cost %.4f%n", n, kind,
            best / 1e6, repeats, s.cost());
        assertCertificate(c, n, s);
      }
    }
  }

  /** The least cost over all n! permutations (Heap's algorithm). */
  static double bruteForce(double[] c, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    double best = costOf(c, n, p);
    int[] counter = new int[n];
    int i = 0;
    while (i < n) {
      if (counter[i] < i) {
        int j = i % 2 == 0 ? 0 : counter[i];
        int t = p[j];
        p[j] = p[i];
        p[i] = t;
        best = Math.min(best, costOf(c, n, p));
        counter[i]++;
        i = 0;
      } else {
        counter[i] = 0;
        i++;
      }
    }
    return best;
  }

  static double costOf(double[] c, int n, int[] p) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += c[i * n + p[i]];
    }
    return sum;
  }

  static void assertPermutation(int[] p) {
    boolean[] seen = new boolean[p.length];
    for (int j : p) {
      assertTrue(j >= 0 && j < p.length && !seen[j], "not a permutation at " + j);
      seen[j] = true;
    }
  }

  /**
   * Dual feasibility u_i + v_j <= c_ij everywhere, equality on the assignment, and the dual objective equal to the
   * cost: together a proof that no assignment costs less.
   */
  static void assertCertificate(double[] c, int n, LinearAssignment.Solution s) {
    double[] u = s.rowDuals();
    double[] v = s.columnDuals();
    int[] p = s.assignment();
    double scale = 1;
    for (double x : c) {
      scale = Math.max(scale, Math.abs(x));
    }
    double tol = 1e-9 * scale;
    double dual = 0;
    for (int i = 0; i < n; i++) {
      dual += u[i] + v[i];
      for (int j = 0; j < n; j++) {
        double slack = c[i * n + j] - u[i] - v[j];
        assertTrue(slack >= -tol, "dual infeasible at " + i + ", " + j + ": slack " + slack);
      }
      assertEquals(0, c[i * n + p[i]] - u[i] - v[p[i]], tol, "complementary slackness at row " + i);
    }
    assertEquals(s.cost(), dual, tol * n, "dual objective = primal cost");
  }

  static void assertMessage(Executable call, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertEquals(expected, e.getMessage());
  }
}
