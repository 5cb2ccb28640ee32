package org.flowmatch.models.ot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The entropic plan against its closed form for two points, its marginals, and its limits. */
class SinkhornTest {

  /**
   * Two points each side, marginals 1/2: the plan is [[p, 1/2 - p], [1/2 - p, p]] with
   * p / (1/2 - p) = exp(-(C00 + C11 - C01 - C10) / (2 reg)), from setting the derivative of
   * p (C00 + C11) + (1/2 - p) (C01 + C10) + reg (2 p log p + 2 (1/2 - p) log(1/2 - p)) to zero.
   */
  @Test
  void twoPointMassesGiveTheClosedFormPlan() {
    double[] cost = {0.3, 2.0, 1.1, 0.7};
    for (double reg : new double[] {0.05, 0.5, 3}) {
      double e = Math.exp(-(0.3 + 0.7 - 2.0 - 1.1) / (2 * reg));
      double p = 0.5 * e / (1 + e);
      double[] plan = Sinkhorn.plan(cost, 2, reg);
      assertEquals(p, plan[0], 1e-6, "P00 at reg " + reg);
      assertEquals(p, plan[3], 1e-6, "P11 at reg " + reg);
      assertEquals(0.5 - p, plan[1], 1e-6, "P01 at reg " + reg);
      assertEquals(0.5 - p, plan[2], 1e-6, "P10 at reg " + reg);
    }
  }

  @Test
  void marginalsAreUniformAndSmallRegApproachesTheExactPlan() {
    int n = 40;
    Rng rng = Rng.seeded(3);
    double[] a = NdArrays.toDoubles(rng.gaussian(n, 2, DataType.DOUBLE));
    double[] b = NdArrays.toDoubles(rng.gaussian(n, 2, DataType.DOUBLE).addi(3));
    double[] cost = OtCoupling.squaredDistances(a, b, n, 2);
    for (double reg : new double[] {1e-3, 0.1, 10}) {
      double[] plan = Sinkhorn.plan(cost, n, reg);
      for (int i = 0; i < n; i++) {
        double row = 0;
        double column = 0;
        for (int j = 0; j < n; j++) {
          row += plan[i * n + j];
          column += plan[j * n + i];
        }
        assertEquals(1.0 / n, row, 1e-6, "row " + i + " at reg " + reg);
        assertEquals(1.0 / n, column, 1e-6, "column " + i + " at reg " + reg);
      }
    }
    // Costs here are about 20: at reg 1e-3 exp(-C / reg) underflows, yet the log-domain plan sits on the optimum.
    int[] exact = LinearAssignment.solve(cost, n).assignment();
    double[] plan = Sinkhorn.plan(cost, n, 1e-3);
    double onAssignment = 0;
    for (int i = 0; i < n; i++) {
      onAssignment += plan[i * n + exact[i]];
    }
    assertTrue(onAssignment > 0.99, "mass on the exact assignment: " + onAssignment);
  }

  /** The coupling draws data row 0's partner from the plan's row 0: source 0 with probability 2 P00. */
  @Test
  void couplingDrawsPartnersFromThePlanRows() {
    INDArray x0 = NdArrays.matrix(new double[] {0, 0, 1, 0}, 2, 2, DataType.DOUBLE);
    INDArray x1 = NdArrays.matrix(new double[] {0, 0, 1, 0}, 2, 2, DataType.DOUBLE);
    double reg = 0.5;
    // C = [[0, 1], [1, 0]]: e = exp(2 / (2 reg)), P00 = e / (2 (1 + e)).
    double e = Math.exp(2 / (2 * reg));
    double expected = e / (1 + e);
    SinkhornCoupling coupling = new SinkhornCoupling(reg);
    Rng rng = Rng.seeded(5);
    int draws = 5_000;
    int same = 0;
    for (int k = 0; k < draws; k++) {
      int[] p = coupling.pair(x0, x1, rng);
      same += p[0] == 0 ? 1 : 0;
    }
    // Binomial standard error sqrt(0.88 * 0.12 / 5000) = 0.0046: 5 of them.
    assertEquals(expected, same / (double) draws, 0.023);
  }

  /**
   * With asymmetric costs, data row i's partner follows row i of the plan of C_ij = |x1_i - x0_j|^2 (not its column,
   * nor the plan with the roles of source and data swapped).
   */
  @Test
  void couplingDrawsEachDataRowsPartnerFromItsOwnRowOfTheDataAgainstSourcePlan() {
    double[][] data = {{0, 0}, {2, 0}, {5, 0}};
    double[][] source = {{1, 0}, {0, 3}, {4, 1}};
    int n = 3;
    double[] cost = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double dx = data[i][0] - source[j][0];
        double dy = data[i][1] - source[j][1];
        cost[i * n + j] = dx * dx + dy * dy;
      }
    }
    double reg = 4;
    double[] plan = Sinkhorn.plan(cost, n, reg);
    INDArray x0 = NdArrays.matrix(new double[] {1, 0, 0, 3, 4, 1}, n, 2, DataType.DOUBLE);
    INDArray x1 = NdArrays.matrix(new double[] {0, 0, 2, 0, 5, 0}, n, 2, DataType.DOUBLE);
    SinkhornCoupling coupling = new SinkhornCoupling(reg);
    Rng rng = Rng.seeded(11);
    int draws = 6_000;
    int[][] counts = new int[n][n];
    for (int k = 0; k < draws; k++) {
      int[] p = coupling.pair(x0, x1, rng);
      for (int i = 0; i < n; i++) {
        counts[i][p[i]]++;
      }
    }
    for (int i = 0; i < n; i++) {
      double row = plan[i * n] + plan[i * n + 1] + plan[i * n + 2];
      for (int j = 0; j < n; j++) {
        double expected = plan[i * n + j] / row;
        double se = Math.sqrt(expected * (1 - expected) / draws);
        assertEquals(expected, counts[i][j] / (double) draws, 5 * se + 1e-9, "data row " + i + ", source " + j);
      }
    }
    // The test can tell: row 0 and column 0 of this plan differ well beyond the tolerance.
    assertTrue(Math.abs(plan[1] - plan[3]) * n > 0.05, "an asymmetric plan");
  }

  @Test
  void rejectsANonPositiveRegularisation() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SinkhornCoupling(0));
    assertTrue(e.getMessage().contains("train.coupling_reg"), e.getMessage());
  }
}
