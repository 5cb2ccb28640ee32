package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.RunRecord;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Train the model of CONFIG, then sample, compute held-out log-likelihoods and draw the plots.",
        "The last line printed is the new run directory. Ctrl-C stops training with a checkpoint that "
            + "'flowmatch train --resume RUN' continues."})
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "An experiment config (YAML).")
  Path config;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. path.type=vp seed=3.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--runs", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue an interrupted run from its checkpoint.")
  Path resume;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    if (resume != null) {
      if (config != null) {
        throw new IllegalArgumentException("--resume takes no CONFIG or overrides: a run continues with its own"
            + " config.yaml");
      }
      RunDirectory run = RunDirectory.open(resume);
      // First the manifest: a finished run, or one whose manifest is lost, is refused before anything is read or
      // written, so that its files and what it recorded (command, start, training time) stay as they are.
      RunRecord record = RunRecord.resume(run, "train --resume " + resume);
      if (DiscreteExperiment.isDiscrete(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG)))) {
        DiscreteRunner.resume(record, System.out, StopSignal.onShutdown());
        System.out.println(run);
        return 0;
      }
      Experiment experiment = Experiment.build(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG)));
      Checkpoint checkpoint = experiment.trainable() ? Checkpoint.read(run.resolve(RunDirectory.CHECKPOINT)) : null;
      if (checkpoint != null) {
        record.resumedFrom(checkpoint.step());
      }
      new Runner(experiment, System.out, StopSignal.onShutdown(), record).trainAndEvaluate(checkpoint);
      System.out.println(run);
      return 0;
    }
    if (config == null) {
      throw new IllegalArgumentException("train needs a CONFIG (see experiments/configs/) or --resume RUN");
    }
    Target.checkRuns(runs);
    String command = "train " + config + (overrides.isEmpty() ? "" : " " + String.join(" ", overrides));
    ExperimentConfig loaded = ExperimentConfig.load(config).withOverrides(overrides);
    if (DiscreteExperiment.isDiscrete(loaded)) {
      DiscreteExperiment discrete = DiscreteExperiment.build(loaded);
      RunDirectory run = Target.newRun(runs, discrete.name());
      DiscreteRunner.trainAndEvaluate(discrete, run, System.out, command, StopSignal.onShutdown());
      System.out.println(run);
      return 0;
    }
    Experiment experiment = Experiment.build(loaded);
    RunDirectory run = Target.newRun(runs, experiment.name());
    Runner runner = new Runner(experiment, run, System.out, StopSignal.onShutdown(), command);
    runner.begin();
    runner.trainAndEvaluate(null);
    System.out.println(run);
    return 0;
  }
}
