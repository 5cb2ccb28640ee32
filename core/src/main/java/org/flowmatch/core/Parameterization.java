package org.flowmatch.core;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a model predicts at (x_t, t). An affine path converts each into the others
 * ({@link ProbabilityPath#convert}).
 */
public enum Parameterization {
  /** The marginal velocity u_t(x_t): what the ODE needs. */
  VELOCITY,
  /** The expected data point E[x1 | x_t]. */
  X1,
  /** The expected source sample E[x0 | x_t] (the noise epsilon when the source is N(0, I)). */
  EPSILON;

  /** The name used in configs: {@code velocity}, {@code x1}, {@code epsilon}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a config name, with an error that lists the valid ones. */
  public static Parameterization fromConfigName(String name) {
    for (Parameterization p : values()) {
      if (p.configName().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown parameterization '" + name + "'; valid: "
        + Arrays.stream(values()).map(Parameterization::configName).toList());
  }
}
