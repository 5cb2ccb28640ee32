package org.flowmatch.experiments.discrete;

import java.util.function.Supplier;
import org.flowmatch.core.Rng;
import org.flowmatch.core.eval.Memo;
import org.flowmatch.core.eval.Need;
import org.flowmatch.discrete.TokenContext;
import org.flowmatch.discrete.TokenTable;

/**
 * The {@link TokenContext} of one discrete evaluation: the samples, and (when the data is a table) as many exact
 * draws from it from the held-out stream, drawn on first use. Ingredients of the continuous family (trajectories,
 * likelihoods, reference solves) are not available.
 */
final class TokenEvaluation implements TokenContext {
  private final DiscreteExperiment e;
  private final int[][] tokens;
  private final Memo shared = new Memo();
  private int[][] heldOut;

  TokenEvaluation(DiscreteExperiment e, int[][] tokens) {
    this.e = e;
    this.tokens = tokens;
  }

  @Override
  public int[][] tokens() {
    return tokens;
  }

  @Override
  public int[][] heldOutTokens() {
    if (heldOut == null) {
      heldOut = table().sample(tokens.length, e.seeds().heldOut().copy());
    }
    return heldOut;
  }

  @Override
  public TokenTable table() {
    if (!(e.data() instanceof TokenTable table)) {
      throw new IllegalStateException("data " + e.data() + " is not a table");
    }
    return table;
  }

  @Override
  public int dim() {
    return e.data().length();
  }

  @Override
  public boolean available(Need need) {
    return e.missing(need) == null;
  }

  @Override
  public Rng rng(String stream) {
    return e.seeds().evaluation(stream);
  }

  @Override
  public <T> T shared(String key, Supplier<T> compute) {
    return shared.get(key, compute);
  }
}
