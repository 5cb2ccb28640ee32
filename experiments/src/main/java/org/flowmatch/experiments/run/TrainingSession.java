package org.flowmatch.experiments.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.files.OutputFiles;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.CheckpointException;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.models.training.TrainingListener;
import org.flowmatch.models.training.TrainingState;

/**
 * Trains one experiment's model into one checkpoint file: from scratch, or resumed from a checkpoint written for the
 * same training configuration; saves every {@code train.checkpoint_every} steps and at the end, and stops early when
 * asked. The one training loop of {@code train} and of every ablation study.
 */
public final class TrainingSession {
  /** Config keys that only change how a trained model is sampled or measured, never how it is trained. */
  public static final List<String> EVALUATION_ONLY = List.of("solver.", "likelihood.", "eval.", "sample.");

  private final Experiment experiment;
  private final Path file;
  private final StopSignal stop;
  private final OutputFiles files;

  public TrainingSession(Experiment experiment, Path checkpointFile, StopSignal stop) {
    this(experiment, checkpointFile, stop, OutputFiles.DISK);
  }

  /** A session whose checkpoints are written through {@code files} (a run directory's). */
  public TrainingSession(Experiment experiment, Path checkpointFile, StopSignal stop, OutputFiles files) {
    if (!experiment.trainable()) {
      throw new IllegalArgumentException("model '" + experiment.model() + "' has nothing to train");
    }
    this.experiment = experiment;
    this.file = checkpointFile;
    this.stop = stop;
    this.files = files;
  }

  /**
   * Runs training to its last step or until a stop is requested.
   *
   * @param resume a checkpoint to continue from, or null to start from the seed
   * @param progress told of every step (a progress bar), or {@link TrainingListener}'s no-op
   * @return the final state (check its step: a stop leaves it short)
   * @throws CheckpointException when {@code resume} was written for another training configuration
   */
  public TrainingState run(Checkpoint resume, TrainingListener progress) {
    TrainableModel model = (TrainableModel) experiment.model();
    CfmTrainer trainer = experiment.trainer();
    TrainingState state;
    if (resume == null) {
      state = trainer.start(model, experiment.seeds().train());
    } else {
      String written = resume.metadata().get("config");
      if (written == null || !training(ExperimentConfig.parse(written, file.toString()))
          .equals(training(experiment.resolved()))) {
        throw new CheckpointException(file, "it was written for another training configuration than this one");
      }
      trainer.checkSetup(resume.metadata(), model, file);
      state = resume.restore(model, trainer.config(), file);
    }
    int every = experiment.train().checkpointEvery();
    int total = trainer.config().steps();
    int from = state.step();
    trainer.run(state, new TrainingListener() {
      @Override
      public void onStep(TrainingState s) {
        progress.onStep(s);
        if (s.step() % every == 0 && s.step() < total) {
          save(s);
        }
      }

      @Override
      public boolean stopRequested() {
        return stop.requested();
      }
    });
    if (resume == null || state.step() > from) {
      save(state); // a complete checkpoint that was resumed is left as it is
    }
    return state;
  }

  /** Whether the state has run every configured step. */
  public boolean complete(TrainingState state) {
    return state.step() >= experiment.trainer().config().steps();
  }

  private void save(TrainingState state) {
    try {
      Map<String, String> metadata = new java.util.LinkedHashMap<>(experiment.trainer().setup(state.model()));
      metadata.put("config", experiment.resolved().toYaml());
      metadata.put("model", state.model().toString());
      Checkpoint.of(state, metadata).write(file, files);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e.getMessage(), e); // the message names the file
    }
  }

  /** Writes the loss of every step so far as {@code step,loss} lines: the run's and every study model's loss.csv. */
  public static void writeLosses(Path file, TrainingState state) throws IOException {
    OutputFiles.DISK.write(file, losses(state));
  }

  /** The loss of every step so far as {@code step,loss} lines, as file content. */
  public static OutputFiles.Content losses(TrainingState state) {
    double[] losses = state.losses();
    StringBuilder csv = new StringBuilder("step,loss\n");
    for (int i = 0; i < losses.length; i++) {
      csv.append(i + 1).append(',').append(Csv.format(losses[i])).append('\n');
    }
    return OutputFiles.text(csv);
  }

  /** The resolved config without its evaluation-only keys, one sorted {@code key=value} line each. */
  public static String training(ExperimentConfig resolved) {
    StringBuilder canonical = new StringBuilder();
    resolved.values().entrySet().stream()
        .filter(e -> EVALUATION_ONLY.stream().noneMatch(e.getKey()::startsWith))
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> canonical.append(e.getKey()).append('=').append(e.getValue()).append('\n'));
    return canonical.toString();
  }
}
