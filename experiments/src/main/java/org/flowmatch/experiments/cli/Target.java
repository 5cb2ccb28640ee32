package org.flowmatch.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.TrainableModel;

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

  /** The sampling model of a trained run: its EMA weights when it kept them. */
  static VelocityModel trained(Experiment experiment, RunDirectory run) {
    if (!experiment.trainable()) {
      return experiment.model();
    }
    Path file = run.resolve(RunDirectory.CHECKPOINT);
    Checkpoint checkpoint = Checkpoint.read(file);
    TrainableModel model = (TrainableModel) experiment.model();
    // The data's normalization and the model's classes must be those it was trained with (the file may have changed).
    experiment.trainer().checkSetup(checkpoint.metadata(), model, file);
    if (model.parameters().length() != checkpoint.parameters().length()) {
      throw new IllegalArgumentException("checkpoint " + file + ": it holds " + checkpoint.parameters().length()
          + " parameters but the configured model has " + model.parameters().length());
    }
    return model.withParameters(checkpoint.ema() != null ? checkpoint.ema() : checkpoint.parameters());
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
