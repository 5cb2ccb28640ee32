package org.flowmatch.models.training;

import org.flowmatch.core.Checks;
import org.flowmatch.core.Rng;

/** The distribution of training times t in [0, 1]. */
public interface TimeSampler {

  String name();

  /** {@code n} times, drawn in order from {@code rng}. */
  double[] sample(int n, Rng rng);

  /** t ~ U[0, 1). */
  static TimeSampler uniform() {
    return new TimeSampler() {
      @Override
      public String name() {
        return "uniform";
      }

      @Override
      public double[] sample(int n, Rng rng) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
          t[i] = rng.nextDouble();
        }
        return t;
      }

      @Override
      public String toString() {
        return "uniform";
      }
    };
  }

  /**
   * t = sigmoid(m + s z) with z ~ N(0, 1): more training signal in the middle of the path, where the marginal
   * velocity is hardest to learn (Esser et al., Stable Diffusion 3).
   */
  static TimeSampler logitNormal(double mean, double std) {
    Checks.finite(mean, "train.time_mean");
    Checks.positive(std, "train.time_std");
    return new TimeSampler() {
      @Override
      public String name() {
        return "logit-normal";
      }

      @Override
      public double[] sample(int n, Rng rng) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
          t[i] = 1 / (1 + Math.exp(-(mean + std * rng.nextGaussian())));
        }
        return t;
      }

      @Override
      public String toString() {
        return "logit-normal(" + mean + ", " + std + ")";
      }
    };
  }
}
