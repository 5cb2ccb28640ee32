package org.flowmatch.experiments.run;

import java.nio.file.Path;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.TrainableModel;

/** Loads trained runs for use from Java, exactly as the command line's {@code sample} and {@code likelihood} do. */
public final class Runs {
  private Runs() {}

  /**
   * The run in {@code dir} (a directory written by {@code flowmatch train} or {@code demo}): its config rebuilt
   * and its checkpoint's weights loaded, the moving average when it kept one.
   *
   * @throws IllegalArgumentException naming the file when {@code dir} is not a run or its checkpoint does not fit
   */
  public static TrainedRun load(Path dir) {
    RunDirectory run = RunDirectory.open(dir);
    Experiment experiment = Experiment.build(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG)));
    return new TrainedRun(experiment, trainedModel(experiment, run), run);
  }

  /** The trained model of {@code run} for {@code experiment} (built from the run's config, maybe overridden). */
  public static VelocityModel trainedModel(Experiment experiment, RunDirectory run) {
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
}
