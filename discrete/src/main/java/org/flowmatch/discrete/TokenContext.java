package org.flowmatch.discrete;

import org.flowmatch.core.eval.EvaluationContext;
import org.flowmatch.core.eval.Need;

/**
 * The evaluation context of a discrete run: what a metric that needs {@link
 * org.flowmatch.core.eval.Need#TOKEN_TABLE} reads. Its {@link #samples()} and {@link #heldOut()} are the same
 * tokens as doubles, so that a continuous metric chosen explicitly measures them on the token grid.
 */
public interface TokenContext extends EvaluationContext {

  /** The model's samples, one sequence per row (shared: read, never write). */
  int[][] tokens();

  /** As many exact draws from {@link #table()}, from the held-out stream. */
  int[][] heldOutTokens();

  /** The data's table. */
  TokenTable table();

  /** {@link #tokens()} as doubles, computed once. */
  @Override
  default double[][] samples() {
    return shared("samples", () -> asDoubles(tokens()));
  }

  /** {@link #heldOutTokens()} as doubles, computed once. */
  @Override
  default double[][] heldOut() {
    return shared("held_out", () -> asDoubles(heldOutTokens()));
  }

  // The continuous family's ingredients: a discrete run has none.

  @Override
  default double[] times() {
    throw unavailable(Need.TRAJECTORIES);
  }

  @Override
  default double[][][] trajectories() {
    throw unavailable(Need.TRAJECTORIES);
  }

  @Override
  default double[][] likelihoodPoints() {
    throw unavailable(Need.LIKELIHOODS);
  }

  @Override
  default double[] logLikelihoods() {
    throw unavailable(Need.LIKELIHOODS);
  }

  @Override
  default double[] dataLogDensities() {
    throw unavailable(Need.DATA_DENSITY);
  }

  @Override
  default double[][] referenceSamples() {
    throw unavailable(Need.REFERENCE);
  }

  @Override
  default double[] referenceLogLikelihoods() {
    throw unavailable(Need.REFERENCE);
  }

  private static IllegalStateException unavailable(Need need) {
    return new IllegalStateException("family: discrete has no " + need.description());
  }

  private static double[][] asDoubles(int[][] tokens) {
    double[][] d = new double[tokens.length][];
    for (int i = 0; i < tokens.length; i++) {
      d[i] = new double[tokens[i].length];
      for (int j = 0; j < tokens[i].length; j++) {
        d[i][j] = tokens[i][j];
      }
    }
    return d;
  }
}
