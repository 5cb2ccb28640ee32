package org.flowmatch.experiments.library;

import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;

/** Components by name: a config (a file or a string) chooses each one by its registered type. */
public final class ByNameExample {

  /** The path and solver that the names {@code condot} and {@code rk4} give. */
  public static String run() {
    ExperimentConfig config = ExperimentConfig.parse("""
        data: {type: 8gaussians}
        path: {type: condot, sigma: 0.1}
        solver: {type: rk4, steps: 8}
        model: {width: 32, depth: 2}
        """, "inline");
    Experiment experiment = Experiment.build(config); // its model has fresh, random weights
    ProbabilityPath path = experiment.path();
    OdeSolver solver = experiment.sampler();
    return path.name() + " " + solver;
  }
}
