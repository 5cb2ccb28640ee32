package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How the source and data samples of a training batch are paired: independently (I-CFM), or by an optimal
 * assignment within the batch (OT-CFM), which straightens the learned flow.
 */
public interface Coupling {

  /** The registered name, for example {@code independent} or {@code ot}. */
  String name();

  /**
   * A permutation p of the rows: data row i is paired with source row p[i].
   *
   * @param x0 source samples {@code [batch, dim]}
   * @param x1 data samples {@code [batch, dim]}
   * @param rng for couplings that break ties or sample at random
   */
  int[] pair(INDArray x0, INDArray x1, Rng rng);
}
