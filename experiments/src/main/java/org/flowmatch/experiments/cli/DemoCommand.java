package org.flowmatch.experiments.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {"Train, sample, measure and plot the built-in example (four Gaussian clusters), about a minute.",
        "Runs experiments/configs/four-clusters.yaml: trains a DL4J network to carry N(0, I) to four "
            + "Gaussian clusters, samples, computes held-out log-likelihoods, and writes every plot and the "
            + "flow animation. About a minute on two cores. The last line is the run directory."})
final class DemoCommand implements Callable<Integer> {
  static final String CONFIG = "configs/four-clusters.yaml";

  @Parameters(paramLabel = "KEY=VALUE", description = "Overrides, e.g. train.steps=500.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--runs", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Experiment experiment = Experiment.build(builtIn().withOverrides(overrides));
    RunDirectory run = RunDirectory.create(runs, experiment.name(), LocalDateTime.now());
    System.out.println("demo: " + experiment.data().name() + " from " + experiment.source().name() + " along "
        + experiment.path().name() + ", model " + experiment.model());
    Runner runner = new Runner(experiment, run, System.out, StopSignal.onShutdown(),
        "demo" + (overrides.isEmpty() ? "" : " " + String.join(" ", overrides))).withAnimation();
    runner.begin();
    runner.trainAndEvaluate(null);
    System.out.println("wrote:");
    try (Stream<Path> files = Files.walk(run.path())) {
      files.filter(Files::isRegularFile).sorted().forEach(f -> System.out.println("  " + f));
    }
    System.out.println(run);
    return 0;
  }

  static ExperimentConfig builtIn() throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/" + CONFIG)) {
      if (in == null) {
        throw new IllegalStateException("the built-in config " + CONFIG + " is missing from the class path");
      }
      return ExperimentConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), CONFIG + " (built in)");
    }
  }
}
