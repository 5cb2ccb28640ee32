package org.flowmatch.models.ot;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The minibatch optimal transport coupling of OT-CFM (Tong et al., "Improving and generalizing flow-based generative
 * models with minibatch optimal transport", TMLR 2024): source and data rows are paired by the exact assignment that
 * minimises the summed squared Euclidean distance, which makes the conditional paths cross less and the learned
 * flow straighter.
 *
 * <p>torchcfm's {@code OTPlanSampler(method="exact")} solves the same problem as a transport plan with
 * {@code ot.emd} on uniform weights 1/n, then draws n (source, data) index pairs from the plan with replacement.
 * With two batches of equal size and uniform weights the exact plan is a permutation matrix divided by n
 * (Birkhoff: the assignment polytope's vertices are permutations, and the network simplex returns a vertex), so
 * that resampling it only repeats some pairs and drops others at random. Here the permutation itself is returned:
 * every row of both batches is used exactly once, and no random numbers are needed. The result is the same plan,
 * minus the resampling noise.
 *
 * <p>Distances are computed in double precision in plain Java loops, not as |a|^2 + |b|^2 - 2 a.b, which loses the
 * small distances that decide the pairing of nearby points; the O(n^2 d) cost is small next to the O(n^3) worst
 * case of the assignment (and vectorised over the columns, {@code AssignmentOps.squaredDistanceRow}).
 */
public final class OtCoupling implements Coupling {

  @Override
  public String name() {
    return "ot";
  }

  /**
   * The optimal pairing: data row i goes with source row p[i], minimising sum_i |x1_i - x0_p[i]|^2.
   *
   * @param rng unused: the exact optimum is deterministic (ties, which have probability 0 for continuous data, are
   *     broken by the solver's fixed order)
   */
  @Override
  public int[] pair(INDArray x0, INDArray x1, Rng rng) {
    Checks.finiteMatrix(x0, "x0", -1, -1);
    Checks.finiteMatrix(x1, "x1", x0.rows(), x0.columns());
    int n = x0.rows();
    int d = x0.columns();
    double[] cost = squaredDistances(NdArrays.toDoubles(x1), NdArrays.toDoubles(x0), n, d);
    return LinearAssignment.solve(cost, n).assignment();
  }

  /** C[i n + j] = |a_i - b_j|^2 for row-major [n, d] point sets a and b, in double precision. */
  static double[] squaredDistances(double[] a, double[] b, int n, int d) {
    return squaredDistances(a, b, n, d, AssignmentOps.best());
  }

  /** {@link #squaredDistances(double[], double[], int, int)} with the given row loops (the same bits with each). */
  static double[] squaredDistances(double[] a, double[] b, int n, int d, AssignmentOps ops) {
    // b by coordinate, so that each row of C is a few passes over contiguous arrays.
    double[] bt = new double[Math.multiplyExact(n, d)];
    for (int j = 0; j < n; j++) {
      for (int k = 0; k < d; k++) {
        bt[k * n + j] = b[j * d + k];
      }
    }
    double[] cost = new double[Math.multiplyExact(n, n)];
    for (int i = 0; i < n; i++) {
      ops.squaredDistanceRow(a, i * d, bt, n, d, cost, i * n);
    }
    return cost;
  }

  @Override
  public String toString() {
    return name();
  }
}
