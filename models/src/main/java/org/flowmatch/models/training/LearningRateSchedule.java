package org.flowmatch.models.training;

import org.flowmatch.core.Checks;

/** The learning rate at each training step. */
public interface LearningRateSchedule {

  /** The rate for step {@code step} (0-based) of {@code total}. */
  double at(int step, int total);

  static LearningRateSchedule constant(double lr) {
    Checks.positive(lr, "train.lr");
    return (step, total) -> lr;
  }

  /**
   * Linear warm-up from 0 over {@code warmup} steps, then a cosine decay to {@code minFraction} of the peak at the
   * last step.
   */
  static LearningRateSchedule warmupCosine(double lr, int warmup, double minFraction) {
    Checks.positive(lr, "train.lr");
    if (warmup < 0) {
      throw new IllegalArgumentException("train.warmup_steps must not be negative, got " + warmup);
    }
    if (!(minFraction >= 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("train.min_lr_fraction must lie in [0, 1], got " + minFraction);
    }
    return (step, total) -> {
      if (step < warmup) {
        return lr * (step + 1) / warmup;
      }
      double progress = total <= warmup ? 1 : (double) (step - warmup) / Math.max(1, total - warmup - 1);
      double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
      return lr * (minFraction + (1 - minFraction) * cosine);
    };
  }
}
