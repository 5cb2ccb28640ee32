package org.flowmatch.models.ot;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The independent coupling of I-CFM: data row i goes with source row i. The two batches are drawn independently
 * already, so pairing them in order is a draw from the product law; it draws nothing from the generator.
 */
public final class IndependentCoupling implements Coupling {

  @Override
  public String name() {
    return "independent";
  }

  /** The identity permutation, after checking that the batches are matrices of one shape. */
  @Override
  public int[] pair(INDArray x0, INDArray x1, Rng rng) {
    Checks.matrix(x0, "x0", -1, -1);
    Checks.matrix(x1, "x1", x0.rows(), x0.columns());
    int[] p = new int[x0.rows()];
    for (int i = 0; i < p.length; i++) {
      p[i] = i;
    }
    return p;
  }

  @Override
  public String toString() {
    return name();
  }
}
