package org.flowmatch.discrete;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Rng;
import org.flowmatch.models.training.AdamOptimizer;
import org.nd4j.linalg.api.ndarray.INDArray;

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

  /**
   * Where training stands after some steps: with the network's weights, everything the remaining steps depend on,
   * so that training resumed from it gives the same bytes as training that never stopped.
   *
   * @param step the steps done
   * @param losses the loss of each step done
   * @param rng the generator's state ({@link Rng#state()})
   * @param adamFirst Adam's first moment
   * @param adamSecond Adam's second moment
   */
  public record Progress(int step, double[] losses, long[] rng, INDArray adamFirst, INDArray adamSecond) {
    public Progress {
      if (step < 0 || losses.length != step) {
        throw new IllegalArgumentException("progress at step " + step + " holds " + losses.length + " losses");
      }
      losses = losses.clone();
      rng = rng.clone();
    }

    @Override
    public double[] losses() {
      return losses.clone();
    }

    @Override
    public long[] rng() {
      return rng.clone();
    }
  }

  /** Trains {@code network} in place; returns the loss of every step. */
  public static double[] train(PosteriorNetwork network, TokenData data, MixturePath path, Settings settings,
      Rng rng, Listener listener) {
    return train(network, data, path, settings, rng, null, listener, () -> false).losses();
  }

  /**
   * Trains {@code network} in place from {@code from} (null: from step 0 with {@code rng}; otherwise {@code rng} is
   * ignored and the network must hold the weights of {@code from}), asking {@code stop} before every step.
   */
  public static Progress train(PosteriorNetwork network, TokenData data, MixturePath path, Settings settings,
      Rng rng, Progress from, Listener listener, java.util.function.BooleanSupplier stop) {
    if (data.vocabulary() != path.vocabulary() || data.length() != network.length()
        || network.vocabulary() != path.vocabulary() || network.spec().symbols() != path.symbols()) {
      throw new IllegalArgumentException("data (V = " + data.vocabulary() + ", D = " + data.length() + "), path ("
          + path + ") and network (" + network.spec() + ") disagree");
    }
    if (from != null && from.step() > settings.steps()) {
      throw new IllegalArgumentException("the checkpoint is at step " + from.step() + " of train.steps = "
          + settings.steps());
    }
    AdamOptimizer adam = from == null
        ? new AdamOptimizer(network.params().length(), network.params().dataType(), 0.9, 0.999, 1e-8, 0)
        : new AdamOptimizer(from.adamFirst().castTo(network.params().dataType()),
            from.adamSecond().castTo(network.params().dataType()), 0.9, 0.999, 1e-8, 0);
    Rng g = from == null ? rng : Rng.fromState(from.rng());
    double[] losses = new double[settings.steps()];
    int step = from == null ? 0 : from.step();
    if (from != null) {
      System.arraycopy(from.losses(), 0, losses, 0, step);
    }
    int n = settings.batch();
    for (; step < settings.steps() && !stop.getAsBoolean(); step++) {
      int[][] x1 = data.sample(n, g);
      int[][] x0 = path.source().sample(n, data.length(), data.vocabulary(), g);
      double[] t = new double[n];
      for (int r = 0; r < n; r++) {
        t[r] = g.nextDouble() * (1 - settings.epsilon());
      }
      int[][] xt = path.sample(x0, x1, t, g);
      losses[step] = network.lossAndGradient(x1, xt, t, path, settings.loss());
      adam.step(network.params(), network.gradients(), settings.learningRate(), step);
      if (listener != null) {
        listener.step(step, losses[step]);
      }
    }
    return new Progress(step, java.util.Arrays.copyOf(losses, step), g.state(), adam.firstMoment(),
        adam.secondMoment());
  }
}
