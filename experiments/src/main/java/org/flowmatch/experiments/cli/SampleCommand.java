package org.flowmatch.experiments.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.flowmatch.core.Checks;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.Csv;
import org.flowmatch.experiments.run.DataUnits;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.wiring.Experiment;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sample", mixinStandardHelpOptions = true,
    description = {"Draw N samples from a trained run (or an oracle config) into a CSV, one per line, in the units"
        + " of the data file.", "A class-conditional run samples one class (--class K) or every class (--class"
        + " all), guided by sample.guidance=W."})
final class SampleCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN|CONFIG", description = "A run directory, or a config of an oracle model.")
  Path target;

  @Parameters(index = "1..*", paramLabel = "KEY=VALUE", description = "Overrides, e.g. solver.type=rk4 solver.steps=8.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--n", required = true, description = "How many samples.")
  int n;

  @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Where to write them.")
  Path out;

  @Option(names = "--seed", description = "Seed of the source samples (default: the run's sampling stream).")
  Long seed;

  @Option(names = "--force", description = "Overwrite --out if it exists (never a file inside a run directory).")
  boolean force;

  @Option(names = "--class", paramLabel = "K|all", description = {"Sample class K of a class-conditional run, or"
      + " --n samples of every class with a 'label' column (all); guided by sample.guidance."})
  String label;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    Checks.positive(n, "--n");
    Target.checkCount(n, "--n " + n);
    Target.checkOutput(out, force);
    if (DiscreteRunner.handles(target)) {
      if (label != null) {
        throw new IllegalArgumentException("--class: a family: discrete model is not conditioned on classes");
      }
      DiscreteRunner.Target d = DiscreteRunner.target(target, overrides);
      DiscreteExperiment e = d.experiment();
      org.flowmatch.core.Rng rng = seed == null ? e.sampleRng() : org.flowmatch.core.Rng.seeded(seed);
      int[][] x0 = e.path().source().sample(n, e.data().length(), e.data().vocabulary(), rng);
      DiscreteRunner.writeSamples(out, DiscreteRunner.sample(d.model(), e.path(), e.sampler(), x0, rng, null, null));
      System.out.printf("%d samples (%s) -> %s%n", n, e.sampler(), out);
      return 0;
    }
    Target t = Target.load(target, overrides, "sample");
    Experiment e = t.experiment();
    int classes = DataUnits.classes(t.model());
    int[] labels = labels(classes, e);
    Conditions conditions = labels == null ? Conditions.none(n) : Conditions.labels(labels, classes);
    VelocityModel model = DataUnits.given(t.model(), conditions, e.guidance());
    INDArray x0 = e.source().sample(conditions.size(), seed == null ? e.seeds().sample().copy()
        : org.flowmatch.core.Rng.seeded(seed)).castTo(t.model().dataType());
    OdeSolution solution = e.sampler().solve(model, x0, 0, 1);
    INDArray samples = DataUnits.toFile(e.data(), solution.finalState());
    List<String> header = new ArrayList<>(Runner.header("dim", e.data().dim()));
    if (labels != null && label.equals("all")) {
      header.add("label");
      double[] column = java.util.Arrays.stream(labels).asDoubleStream().toArray();
      Csv.write(out, header, samples, NdArrays.column(column, DataType.DOUBLE));
    } else {
      Csv.write(out, header, samples);
    }
    System.out.printf("%d samples (%s%s, nfe %d) -> %s%n", conditions.size(), e.sampler(),
        labels == null ? "" : ", class " + label + (e.guidance() == 0 ? "" : ", guidance " + e.guidance()),
        solution.nfe(), out);
    return 0;
  }

  /** The label of every row for --class, or null without it; --class all gives n rows of each class in turn. */
  private int[] labels(int classes, Experiment e) {
    if (label == null) {
      return null;
    }
    if (classes == 0) {
      throw new IllegalArgumentException("--class " + label + ": the model of this run is not class-conditional"
          + " (train it on labelled data)");
    }
    if (label.equals("all")) {
      Target.checkCount((long) n * classes, "--n " + n + " --class all (" + classes + " classes)");
      int[] all = new int[n * classes];
      for (int i = 0; i < all.length; i++) {
        all[i] = i / n;
      }
      return all;
    }
    int k;
    try {
      k = Integer.parseInt(label);
    } catch (NumberFormatException ex) {
      throw new IllegalArgumentException("--class " + label + ": must be a class number 0.." + (classes - 1)
          + " or all");
    }
    if (k < 0 || k >= classes) {
      throw new IllegalArgumentException("--class " + label + ": out of range, the model has classes 0.."
          + (classes - 1));
    }
    int[] one = new int[n];
    java.util.Arrays.fill(one, k);
    return one;
  }
}
