package org.flowmatch.experiments.wiring;

import org.flowmatch.core.config.Parameters;

/**
 * The {@code eval} and {@code likelihood} sections: how much is sampled, drawn and measured after training.
 *
 * @param samples samples for samples.csv and the plots
 * @param trajectories trajectories for the trajectory plot and the animation
 * @param frames animation frames
 * @param resolution heat-map grid points per side
 * @param likelihoodPoints held-out points whose log-likelihood is computed
 * @param reference whether evaluate measures the solver's own error against tight reference solves
 */
public record EvalSettings(int samples, int trajectories, int frames, int resolution, int likelihoodPoints,
    boolean reference) {

  static EvalSettings from(Parameters eval, Parameters likelihood) {
    boolean reference = eval.flag("reference", false);
    return new EvalSettings(positive(eval, "samples", 2000), positive(eval, "trajectories", 300),
        positive(eval, "frames", 60), positive(eval, "resolution", 100), positive(likelihood, "points", 1000),
        reference);
  }

  private static int positive(Parameters p, String key, int defaultValue) {
    int v = p.integer(key, defaultValue);
    if (v <= 0) {
      throw p.invalid(key, "must be positive");
    }
    return v;
  }
}
