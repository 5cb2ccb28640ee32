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
    return need == Need.SAMPLES || (need == Need.HELD_OUT || need == Need.TOKEN_TABLE)
        && e.data() instanceof TokenTable;
  }

  @Override
  public double[][] samples() {
    return shared("samples", () -> asDoubles(tokens));
  }

  @Override
  public double[][] heldOut() {
    return shared("held_out", () -> asDoubles(heldOutTokens()));
  }

  @Override
  public double[] times() {
    throw unavailable(Need.TRAJECTORIES);
  }

  @Override
  public double[][][] trajectories() {
    throw unavailable(Need.TRAJECTORIES);
  }

  @Override
  public double[][] likelihoodPoints() {
    throw unavailable(Need.LIKELIHOODS);
  }

  @Override
  public double[] logLikelihoods() {
    throw unavailable(Need.LIKELIHOODS);
  }

  @Override
  public double[] dataLogDensities() {
    throw unavailable(Need.DATA_DENSITY);
  }

  @Override
  public double[][] referenceSamples() {
    throw unavailable(Need.REFERENCE);
  }

  @Override
  public double[] referenceLogLikelihoods() {
    throw unavailable(Need.REFERENCE);
  }

  @Override
  public Rng rng(String stream) {
    return e.seeds().evaluation(stream);
  }

  @Override
  public <T> T shared(String key, Supplier<T> compute) {
    return shared.get(key, compute);
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
