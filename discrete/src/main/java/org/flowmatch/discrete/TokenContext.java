package org.flowmatch.discrete;

import org.flowmatch.core.eval.EvaluationContext;

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
}
