package org.flowmatch.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runs;
import org.flowmatch.experiments.wiring.Experiment;

/**
 * What a command acts on: a run directory (its config and trained weights) or a config whose model needs no
 * training (the Gaussian-mixture oracle).
 *
 * @param experiment the experiment
 * @param model the model to sample with: the EMA weights of a trained run, or the oracle
 * @param run the run directory, or null for a config
 */
record Target(Experiment experiment, VelocityModel model, RunDirectory run) {

  static Target load(Path runOrConfig, List<String> overrides) {
    if (RunDirectory.isRun(runOrConfig)) {
      RunDirectory run = RunDirectory.open(runOrConfig);
      Experiment experiment = Experiment.build(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG))
          .withOverrides(overrides));
      return new Target(experiment, trained(experiment, run), run);
    }
    if (Files.isDirectory(runOrConfig)) {
      throw new IllegalArgumentException(runOrConfig + ": not a run directory (it has no " + RunDirectory.CONFIG
          + ")");
    }
    Experiment experiment = Experiment.build(ExperimentConfig.load(runOrConfig).withOverrides(overrides));
    if (experiment.trainable()) {
      throw new IllegalArgumentException(runOrConfig + ": model '" + experiment.resolved().get("model.type")
          .orElse("mlp") + "' must be trained first: run 'flowmatch train " + runOrConfig
          + "' and pass the run directory it prints");
    }
    return new Target(experiment, experiment.model(), null);
  }

  /** The sampling model of a trained run: its EMA weights when it kept them (the same as {@link Runs#load}). */
  static VelocityModel trained(Experiment experiment, RunDirectory run) {
    return Runs.trainedModel(experiment, run);
  }

  /** Refuses to overwrite an existing output file unless forced. */
  static void checkOutput(Path out, boolean force) {
    if (Files.exists(out) && !force) {
      throw new IllegalArgumentException(out + " exists; choose another --out or pass --force to overwrite it");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(out + ": directory " + parent + " does not exist");
    }
  }
}
