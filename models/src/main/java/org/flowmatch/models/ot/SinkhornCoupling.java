package org.flowmatch.models.ot;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The entropic minibatch OT coupling of torchcfm's {@code OTPlanSampler(method="sinkhorn", reg)}, the coupling of
 * its Schrödinger-bridge CFM (with reg = 2 sigma^2): the {@link Sinkhorn} plan of the squared Euclidean cost, and
 * for each data row i a source row drawn from the plan's row i (P_ij / sum_j P_ij).
 *
 * <p>torchcfm draws n (i, j) pairs from the whole plan with replacement; here every data row is used once and its
 * partner is drawn from its conditional. One pair has the same law either way (P_ij, since the plan's row sums are
 * uniform); the batch keeps every data sample, which only removes resampling noise. As reg goes to 0 the plan tends
 * to the exact one of {@link OtCoupling}; as it grows, to the independent coupling.
 */
public final class SinkhornCoupling implements Coupling {
  private final double reg;

  /** @param reg the entropic regularisation, in units of squared distance */
  public SinkhornCoupling(double reg) {
    this.reg = Checks.positive(reg, "train.coupling_reg");
  }

  @Override
  public String name() {
    return "sinkhorn";
  }

  public double reg() {
    return reg;
  }

  /** Data row i goes with source row p[i], drawn from the entropic plan's row i (rows may repeat). */
  @Override
  public int[] pair(INDArray x0, INDArray x1, Rng rng) {
    Checks.finiteMatrix(x0, "x0", -1, -1);
    Checks.finiteMatrix(x1, "x1", x0.rows(), x0.columns());
    int n = x0.rows();
    double[] cost = OtCoupling.squaredDistances(NdArrays.toDoubles(x1), NdArrays.toDoubles(x0), n, x0.columns());
    double[] plan = Sinkhorn.plan(cost, n, reg);
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      int base = i * n;
      double total = 0;
      for (int j = 0; j < n; j++) {
        total += plan[base + j];
      }
      double u = rng.nextDouble() * total;
      int j = 0;
      double cumulative = plan[base];
      while (cumulative <= u && j < n - 1) {
        j++;
        cumulative += plan[base + j];
      }
      p[i] = j;
    }
    return p;
  }

  @Override
  public String toString() {
    return name() + "(reg=" + reg + ")";
  }
}
