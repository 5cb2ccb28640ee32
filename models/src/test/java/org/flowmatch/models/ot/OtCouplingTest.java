package org.flowmatch.models.ot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Comparator;
import java.util.stream.IntStream;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.flowmatch.models.data.Datasets;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class OtCouplingTest {
  private final Coupling ot = new OtCoupling();

  @Test
  void namesAndIdentityOfTheIndependentCoupling() {
    assertEquals("ot", ot.name());
    Coupling independent = new IndependentCoupling();
    assertEquals("independent", independent.name());
    Rng rng = Rng.seeded(1);
    INDArray x = rng.gaussian(5, 3, DataType.DOUBLE);
    long[] before = rng.state();
    assertArrayEquals(new int[] {0, 1, 2, 3, 4}, independent.pair(x, x.mul(2), rng));
    assertArrayEquals(before, rng.state(), "draws nothing");
  }

  @Test
  void beatsTheIdentityAndRandomPermutations() {
    Rng rng = Rng.seeded(2);
    int n = 256;
    INDArray x0 = rng.gaussian(n, 2, DataType.DOUBLE);
    INDArray x1 = Datasets.byName("moons").sample(n, rng);
    long[] before = rng.state();
    int[] p = ot.pair(x0, x1, rng);
    assertArrayEquals(before, rng.state(), "draws nothing");
    LinearAssignmentTest.assertPermutation(p);
    double[] cost = costMatrix(x0, x1);
    double optimal = LinearAssignmentTest.costOf(cost, n, p);
    double identity = LinearAssignmentTest.costOf(cost, n, IntStream.range(0, n).toArray());
    System.out.printf("OT pairing of N(0, I) and moons, n = %d: mean squared distance %.4f, identity %.4f%n", n,
        optimal / n, identity / n);
    assertTrue(optimal <= identity, "no worse than the identity");
    assertTrue(optimal < 0.5 * identity, "much better than independent pairs on these sets");
    for (int k = 0; k < 200; k++) {
      assertTrue(optimal <= LinearAssignmentTest.costOf(cost, n, rng.permutation(n)), "random permutation " + k);
    }
    // Every single swap of two partners costs at least as much (2-optimality, implied by optimality).
    for (int a = 0; a < n; a += 7) {
      for (int b = a + 1; b < n; b += 5) {
        double now = cost[a * n + p[a]] + cost[b * n + p[b]];
        double swapped = cost[a * n + p[b]] + cost[b * n + p[a]];
        assertTrue(now <= swapped + 1e-12, "swap " + a + ", " + b);
      }
    }
  }

  @Test
  void aShiftedShuffledCopyIsPairedBackExactly() {
    // |x_i + s - x_j|^2 sums over a permutation to sum |x_i - x_j|^2 + n |s|^2 (the cross terms cancel), so the
    // pairing that undoes the shuffle is optimal for every shift s; it is unique for points in general position.
    Rng rng = Rng.seeded(3);
    int n = 300;
    double[] source = NdArrays.toDoubles(rng.gaussian(n, 2, DataType.DOUBLE));
    int[] q = rng.permutation(n);
    for (double shift : new double[] {1e-3, 0.05, 3}) {
      double[] data = new double[2 * n];
      for (int i = 0; i < n; i++) {
        data[2 * i] = source[2 * q[i]] + shift;
        data[2 * i + 1] = source[2 * q[i] + 1] - 0.5 * shift;
      }
      int[] p = ot.pair(NdArrays.matrix(source, n, 2, DataType.DOUBLE), NdArrays.matrix(data, n, 2, DataType.DOUBLE),
          rng);
      assertArrayEquals(q, p, "shift " + shift);
    }
  }

  @Test
  void inOneDimensionItPairsInSortedOrder() {
    // For a convex cost on the line the monotone pairing is optimal: k-th smallest with k-th smallest.
    Rng rng = Rng.seeded(4);
    int n = 200;
    double[] a = NdArrays.toDoubles(rng.gaussian(n, 1, DataType.DOUBLE));
    double[] b = NdArrays.toDoubles(rng.uniform(n, 1, DataType.DOUBLE));
    int[] p = ot.pair(NdArrays.column(a, DataType.DOUBLE), NdArrays.column(b, DataType.FLOAT), rng);
    Integer[] byA = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> a[i])).toArray(Integer[]::new);
    Integer[] byB = IntStream.range(0, n).boxed().sorted(Comparator.comparingDouble(i -> (float) b[i]))
        .toArray(Integer[]::new);
    for (int k = 0; k < n; k++) {
      assertEquals((int) byA[k], p[byB[k]], "rank " + k);
    }
  }

  @Test
  void invalidBatchesAreNamed() {
    INDArray a = Nd4j.zeros(DataType.DOUBLE, 4, 2);
    for (Coupling c : new Coupling[] {ot, new IndependentCoupling()}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> c.pair(a, Nd4j.zeros(DataType.DOUBLE, 3, 2), Rng.seeded(1)));
      assertEquals("x1 must have shape [4, 2], got [3, 2]", e.getMessage());
      e = assertThrows(IllegalArgumentException.class, () -> c.pair(null, a, Rng.seeded(1)));
      assertEquals("x0 must not be null", e.getMessage());
    }
    INDArray bad = Nd4j.zeros(DataType.DOUBLE, 4, 2);
    bad.putScalar(2, 1, Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ot.pair(a, bad, Rng.seeded(1)));
    assertEquals("x1 must be finite, but holds NaN at [2, 1]", e.getMessage());
  }

  @Test
  void timings() {
    Rng rng = Rng.seeded(5);
    for (int n : new int[] {512, 2000}) {
      INDArray x0 = rng.gaussian(n, 2, DataType.DOUBLE);
      INDArray x1 = Datasets.byName("eight-gaussians").sample(n, rng);
      ot.pair(x0, x1, rng);
      long start = System.nanoTime();
      int[] p = ot.pair(x0, x1, rng);
      System.out.printf("OtCoupling n = %d (N(0, I) to eight-gaussians, d = 2): %.1f ms%n", n,
          (System.nanoTime() - start) / 1e6);
      LinearAssignmentTest.assertPermutation(p);
    }
  }

  /** c[i * n + j] = |x1_i - x0_j|^2: data rows, source columns. */
  private static double[] costMatrix(INDArray x0, INDArray x1) {
    double[] s = NdArrays.toDoubles(x0);
    double[] d = NdArrays.toDoubles(x1);
    int n = x0.rows();
    int dim = x0.columns();
    double[] c = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        for (int k = 0; k < dim; k++) {
          c[i * n + j] += (d[i * dim + k] - s[j * dim + k]) * (d[i * dim + k] - s[j * dim + k]);
        }
      }
    }
    return c;
  }
}
