package org.flowmatch.discrete;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Rng;
import org.flowmatch.models.training.AdamOptimizer;

/**
 * Trains a {@link PosteriorNetwork} on a mixture path, as flow_matching's 2-D discrete example does: per step a
 * batch x1 ~ data, x0 ~ source, t ~ U[0, 1 - epsilon) per row, x_t from the path, then one Adam step on the chosen
 * loss. Every draw comes from the given generator, in that order.
 */
public final class PosteriorTrainer {

  /**
   * @param steps optimiser steps
   * @param batch sequences per step
   * @param learningRate Adam's step size
   * @param epsilon t is drawn below 1 - epsilon (the generalized KL's weight kappa'/(1 - kappa) is infinite at 1)
   * @param loss cross-entropy or the generalized KL
   */
  public record Settings(int steps, int batch, double learningRate, double epsilon, DiscreteLoss loss) {
    public Settings {
      Checks.positive(steps, "train.steps");
      Checks.positive(batch, "train.batch_size");
      Checks.positive(learningRate, "train.lr");
      if (!(epsilon >= 0 && epsilon < 1)) {
        throw new IllegalArgumentException("train.epsilon must lie in [0, 1), got " + epsilon);
      }
    }
  }

  /** Told of every step's loss. */
  @FunctionalInterface
  public interface Listener {
    void step(int step, double loss);
  }

  private PosteriorTrainer() {}

  /** Trains {@code network} in place; returns the loss of every step. */
  public static double[] train(PosteriorNetwork network, TokenData data, MixturePath path, Settings settings,
      Rng rng, Listener listener) {
    if (data.vocabulary() != path.vocabulary() || data.length() != network.length()
        || network.vocabulary() != path.vocabulary() || network.spec().symbols() != path.symbols()) {
      throw new IllegalArgumentException("data (V = " + data.vocabulary() + ", D = " + data.length() + "), path ("
          + path + ") and network (" + network.spec() + ") disagree");
    }
    AdamOptimizer adam = new AdamOptimizer(network.params().length(), network.params().dataType(), 0.9, 0.999,
        1e-8, 0);
    double[] losses = new double[settings.steps()];
    int n = settings.batch();
    for (int step = 0; step < settings.steps(); step++) {
      int[][] x1 = data.sample(n, rng);
      int[][] x0 = path.source().sample(n, data.length(), data.vocabulary(), rng);
      double[] t = new double[n];
      for (int r = 0; r < n; r++) {
        t[r] = rng.nextDouble() * (1 - settings.epsilon());
      }
      int[][] xt = path.sample(x0, x1, t, rng);
      losses[step] = network.lossAndGradient(x1, xt, t, path, settings.loss());
      adam.step(network.params(), network.gradients(), settings.learningRate(), step);
      if (listener != null) {
        listener.step(step, losses[step]);
      }
    }
    return losses;
  }
}
