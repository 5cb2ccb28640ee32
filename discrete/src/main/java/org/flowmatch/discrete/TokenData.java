package org.flowmatch.discrete;

import org.flowmatch.core.Rng;

/** A distribution over sequences of {@link #length()} tokens from {0, ..., {@link #vocabulary()} - 1}. */
public interface TokenData {

  /** V, the number of data tokens. */
  int vocabulary();

  /** D, the tokens per sequence. */
  int length();

  /** {@code n} sequences {@code [n][D]}. */
  int[][] sample(int n, Rng rng);
}
