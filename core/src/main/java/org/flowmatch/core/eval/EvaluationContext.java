package org.flowmatch.core.eval;

import java.util.function.Supplier;
import org.flowmatch.core.Rng;

/**
 * What metrics are computed from: one model, its experiment and its evaluation settings. Every ingredient is
 * computed on first use and then shared by every metric of the evaluation, so a cheap selection of metrics pays
 * only for what it reads. Arrays are shared: read them, never write them. An accessor whose {@link Need} is not
 * {@link #available available} throws {@link IllegalStateException}.
 */
public interface EvaluationContext {

  /** The data dimension. */
  int dim();

  /** Whether this experiment can provide {@code need}. */
  boolean available(Need need);

  /** {@code eval.samples} samples of the model, one row each, from the run's sampling noise. */
  double[][] samples();

  /** {@code eval.samples} points of the data, drawn from the held-out stream. */
  double[][] heldOut();

  /** The times of {@link #trajectories()}: equally spaced from exactly 0 to exactly 1. */
  double[] times();

  /**
   * {@code trajectories()[i][k]} is the path from the i-th sampling noise at {@code times()[k]}, solved by a fixed
   * tight solver (not the sampling solver, whose error would otherwise enter the path metrics): the same for every
   * evaluation of one model.
   */
  double[][][] trajectories();

  /** The held-out points whose log-likelihood is computed ({@code likelihood.points} of them). */
  double[][] likelihoodPoints();

  /** The model's log-density at {@link #likelihoodPoints()}, in nats. */
  double[] logLikelihoods();

  /** The data's own log-density at {@link #likelihoodPoints()}, in nats. */
  double[] dataLogDensities();

  /** {@link #samples()} solved again from the same noise by a tight adaptive solver. */
  double[][] referenceSamples();

  /** {@link #logLikelihoods()} computed again by a tight adaptive solver with the exact divergence. */
  double[] referenceLogLikelihoods();

  /**
   * Samples generated for known classes beside the labelled training and held-out rows, all in the units of the data
   * file, for metrics that judge classes (a classifier trained on the training rows).
   *
   * @throws IllegalStateException if the experiment has no class labels (not {@link #available} for {@link
   *     Need#LABELS})
   */
  default LabelledSamples labelled() {
    throw new IllegalStateException("this experiment cannot provide " + Need.LABELS.description());
  }

  /** A fresh generator for a metric's own draws, the same for the same stream name, seed and config. */
  Rng rng(String stream);

  /**
   * An ingredient of a metric's own, computed once per context and shared by every metric that asks for the same
   * key (for example features of the samples that two metrics both read).
   */
  <T> T shared(String key, Supplier<T> compute);
}
