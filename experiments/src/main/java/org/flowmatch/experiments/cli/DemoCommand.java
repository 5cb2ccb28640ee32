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
            + "flow animation. About a minute on two cores. The last line is the run directory. "
            + "`demo NAME` runs another config of experiments/configs, e.g. `demo digits`: the class-conditional "
            + "digits with guidance, drawn as image grids."})
final class DemoCommand implements Callable<Integer> {
  static final String CONFIG = "configs/four-clusters.yaml";

  @Parameters(paramLabel = "[NAME] KEY=VALUE", description = {"A built-in config's name (default four-clusters),",
      "then overrides, e.g. train.steps=500."})
  List<String> overrides = new ArrayList<>();

  @Option(names = "--runs", defaultValue = "runs", description = "Where run directories go (default: ${DEFAULT-VALUE}).")
  Path runs;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    String config = CONFIG;
    List<String> keys = overrides;
    if (!overrides.isEmpty() && !overrides.get(0).contains("=")) {
      String name = overrides.get(0);
      if (DemoCommand.class.getResource("/configs/" + name + ".yaml") == null) {
        throw new IllegalArgumentException("demo: no built-in config '" + name + "'; built in: "
            + String.join(", ", builtInNames()));
      }
      config = "configs/" + name + ".yaml";
      keys = overrides.subList(1, overrides.size());
    }
    Experiment experiment = Experiment.build(builtIn(config).withOverrides(keys));
    RunDirectory run = Target.newRun(runs, experiment.name());
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

  /**
   * The names of the configs shipped in experiments/configs, which travel in the jar (or, running from the build
   * tree, in its classes directory), sorted.
   */
  static List<String> builtInNames() throws IOException {
    List<String> names = new ArrayList<>();
    Path location;
    try {
      location = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IOException(e);
    }
    if (Files.isDirectory(location)) {
      try (Stream<Path> files = Files.list(location.resolve("configs"))) {
        files.map(f -> f.getFileName().toString()).forEach(names::add);
      }
    } else {
      try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(location.toFile())) {
        jar.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.startsWith("configs/"))
            .map(n -> n.substring("configs/".length())).forEach(names::add);
      }
    }
    return names.stream().filter(n -> n.endsWith(".yaml") && !n.contains("/"))
        .map(n -> n.substring(0, n.length() - ".yaml".length())).sorted().toList();
  }

  static ExperimentConfig builtIn() throws IOException {
    return builtIn(CONFIG);
  }

  /** A config shipped in experiments/configs, read from the jar. */
  static ExperimentConfig builtIn(String config) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream("/" + config)) {
      if (in == null) {
        throw new IllegalStateException("the built-in config " + config + " is missing from the class path");
      }
      return ExperimentConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), config + " (built in)");
    }
  }
}
