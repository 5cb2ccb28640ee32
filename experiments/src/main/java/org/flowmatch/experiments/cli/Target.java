package org.flowmatch.experiments.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runs;
import org.flowmatch.experiments.wiring.Experiment;
import java.io.IOException;
import java.time.LocalDateTime;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.models.files.OutputFiles;

/**
 * What a command acts on: a run directory (its config and trained weights) or a config whose model needs no
 * training (the Gaussian-mixture oracle).
 *
 * @param experiment the experiment
 * @param model the model to sample with: the EMA weights of a trained run, or the oracle
 * @param run the run directory, or null for a config
 */
record Target(Experiment experiment, VelocityModel model, RunDirectory run) {

  static Target load(Path runOrConfig, List<String> overrides, String command) {
    if (DiscreteRunner.handles(runOrConfig)) {
      throw new IllegalArgumentException(runOrConfig + ": a family: discrete " + (RunDirectory.isRun(runOrConfig)
          ? "run" : "config") + "; " + command + " works on continuous runs only");
    }
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

  /** The most samples one sample command draws: they are held in memory at once. */
  static final int MAX_SAMPLES = 10_000_000;

  /** Refuses more than {@link #MAX_SAMPLES} samples for one call. */
  static void checkCount(long n, String option) {
    if (n > MAX_SAMPLES) {
      throw new IllegalArgumentException(option + ": at most " + MAX_SAMPLES + " samples per call (they are held in"
          + " memory at once); draw more in several calls with --seed");
    }
  }

  /**
   * A new run directory under {@code --runs}: one line naming the option when it is a file or cannot hold one (a
   * read-only folder).
   */
  static RunDirectory newRun(Path runs, String name) {
    checkRuns(runs);
    try {
      return RunDirectory.create(runs, name, LocalDateTime.now());
    } catch (IOException e) {
      throw new IllegalArgumentException("--runs " + runs + ": cannot create a run directory there ("
          + OutputFiles.reason(e) + ")");
    }
  }

  /** Refuses a {@code --runs} that exists but is not a directory (checked before anything is built). */
  static void checkRuns(Path runs) {
    if (Files.exists(runs) && !Files.isDirectory(runs)) {
      throw new IllegalArgumentException("--runs " + runs + ": not a directory");
    }
  }

  /**
   * Refuses to overwrite an existing output file unless forced, and any output inside a run directory, forced or
   * not: nothing but a run's own commands writes there (README: nothing ever overwrites a run directory).
   */
  static void checkOutput(Path out, boolean force) {
    for (Path dir = out.toAbsolutePath().normalize().getParent(); dir != null; dir = dir.getParent()) {
      if (RunDirectory.isRun(dir)) {
        throw new IllegalArgumentException(out + ": inside the run directory " + dir + ", whose files only its own"
            + " commands write: choose an output outside it");
      }
    }
    if (Files.exists(out) && !force) {
      throw new IllegalArgumentException(out + " exists; choose another --out or pass --force to overwrite it");
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new IllegalArgumentException(out + ": directory " + parent + " does not exist");
    }
  }
}
