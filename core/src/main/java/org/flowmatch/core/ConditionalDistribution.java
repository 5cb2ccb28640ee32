package org.flowmatch.core;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A distribution of (x, c) pairs: labelled or conditioned data. As a plain {@link Distribution} it is the marginal
 * p(x); {@link #sampleWithConditions} draws x together with its condition, which is what a conditional model is
 * trained on.
 */
public interface ConditionalDistribution extends Distribution {

  /** What the samples are conditioned on; {@link Conditioning#NONE} for unlabelled data. */
  Conditioning conditioning();

  /**
   * {@code n} independent draws of (x, c). Draws the same x as {@link #sample(int, Rng)} from the same generator
   * state, so that a conditional and an unconditional run on the same data see the same points.
   */
  ConditionalSample sampleWithConditions(int n, Rng rng);

  /** Whether {@link #logDensity(INDArray, Conditions)} is available. */
  default boolean hasConditionalDensity() {
    return false;
  }

  /**
   * log p(x | c) of every row, in nats; rows without a condition get the marginal log p(x).
   *
   * @throws UnsupportedOperationException without a closed form
   */
  default INDArray logDensity(INDArray x, Conditions conditions) {
    throw new UnsupportedOperationException("'" + name() + "' has no closed-form conditional density");
  }

  /**
   * Points with their conditions.
   *
   * @param x {@code [n, dim]}
   * @param conditions {@code n} rows
   */
  record ConditionalSample(INDArray x, Conditions conditions) {
    public ConditionalSample {
      if (x.rows() != conditions.size()) {
        throw new IllegalArgumentException(x.rows() + " points but " + conditions.size() + " conditions");
      }
    }
  }
}
