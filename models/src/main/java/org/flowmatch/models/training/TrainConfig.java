package org.flowmatch.models.training;

import org.flowmatch.core.Checks;

/**
 * The knobs of conditional flow matching training.
 *
 * @param steps the number of optimiser steps
 * @param batchSize samples per step
 * @param schedule the learning rate per step
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param epsilon Adam's epsilon
 * @param weightDecay decoupled weight decay (AdamW); 0 for plain Adam
 * @param gradientClip the largest global gradient norm; 0 for none
 * @param emaDecay the decay of the exponential moving average of the weights, warmed up as
 *     min(emaDecay, (1 + k) / (10 + k)) at step k; 0 for none
 * @param logEvery log the mean loss every this many steps; 0 for never
 * @param uncondProb the probability that a row's condition is dropped (replaced by "none") when a conditional
 *     model is trained, so that the same network learns the unconditional field classifier-free guidance needs;
 *     ignored for unconditional models
 */
public record TrainConfig(int steps, int batchSize, LearningRateSchedule schedule, double beta1, double beta2,
    double epsilon, double weightDecay, double gradientClip, double emaDecay, int logEvery, double uncondProb) {

  /** The default {@link #uncondProb()}. */
  public static final double DEFAULT_UNCOND_PROB = 0.1;

  /** A config with the default condition dropout {@value #DEFAULT_UNCOND_PROB}. */
  public TrainConfig(int steps, int batchSize, LearningRateSchedule schedule, double beta1, double beta2,
      double epsilon, double weightDecay, double gradientClip, double emaDecay, int logEvery) {
    this(steps, batchSize, schedule, beta1, beta2, epsilon, weightDecay, gradientClip, emaDecay, logEvery,
        DEFAULT_UNCOND_PROB);
  }

  public TrainConfig {
    Checks.positive(steps, "train.steps");
    Checks.positive(batchSize, "train.batch_size");
    if (schedule == null) {
      throw new IllegalArgumentException("a learning rate schedule is needed");
    }
    if (!(gradientClip >= 0) || Double.isInfinite(gradientClip)) {
      throw new IllegalArgumentException("train.grad_clip must be finite and not negative, got " + gradientClip);
    }
    if (!(emaDecay >= 0 && emaDecay < 1)) {
      throw new IllegalArgumentException("train.ema_decay must lie in [0, 1), got " + emaDecay);
    }
    if (!(uncondProb >= 0 && uncondProb <= 1)) {
      throw new IllegalArgumentException("train.uncond_prob must lie in [0, 1], got " + uncondProb);
    }
    if (logEvery < 0) {
      throw new IllegalArgumentException("train.log_every must not be negative, got " + logEvery);
    }
  }

  /** This config with another condition dropout probability. */
  public TrainConfig withUncondProb(double p) {
    return new TrainConfig(steps, batchSize, schedule, beta1, beta2, epsilon, weightDecay, gradientClip, emaDecay,
        logEvery, p);
  }

  /** Adam at a constant learning rate with PyTorch's defaults, no clipping, EMA 0.999. */
  public static TrainConfig adam(int steps, int batchSize, double lr) {
    return new TrainConfig(steps, batchSize, LearningRateSchedule.constant(lr), 0.9, 0.999, 1e-8, 0, 0, 0.999, 0);
  }
}
