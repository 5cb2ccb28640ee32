package org.flowmatch.experiments.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.flowmatch.experiments.run.ThreadSettings;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.Runner;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.training.Checkpoint;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = {"Rerun a run from its resolved config and manifest, and check the bytes are identical.",
        "Reruns RUN with the same seed and thread settings into a new run directory beside it, and checks "
            + "that the checkpoint and the samples are byte-identical. Exits non-zero and says what differs "
            + "when they are not."})
final class ReproduceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN", description = "A finished run directory.")
  Path target;

  @Mixin
  Main.Common common;

  @Override
  public Integer call() throws Exception {
    RunDirectory original = RunDirectory.open(target);
    if (DiscreteExperiment.isDiscrete(ExperimentConfig.load(original.resolve(RunDirectory.CONFIG)))) {
      throw new IllegalArgumentException(original + ": a family: discrete run; reproduce reruns continuous runs"
          + " only (train its config.yaml again and compare weights.bin and samples.csv)");
    }
    Map<?, ?> manifest = manifest(original);
    if (!"finished".equals(manifest.get("status"))) {
      throw new IllegalArgumentException(original + ": its manifest says status '" + manifest.get("status")
          + "'; only a finished run can be reproduced");
    }
    if (!(manifest.get("sha256") instanceof Map<?, ?> recorded)) {
      throw new IllegalArgumentException(original.resolve(RunDirectory.MANIFEST) + ": it records no sha256 of the"
          + " run's files");
    }
    // First the files on disk against the hashes the run recorded: the rerun below is compared with those hashes,
    // so a file changed since (truncated, bit-flipped, overwritten) would otherwise pass unnoticed.
    List<String> changed = changedOnDisk(original, recorded);
    changed.forEach(c -> System.out.println("CHANGED ON DISK: " + c));
    applyThreads(manifest);
    Experiment experiment = Experiment.build(ExperimentConfig.load(original.resolve(RunDirectory.CONFIG)));
    Path root = original.path().toAbsolutePath().getParent();
    RunDirectory copy = RunDirectory.create(root, experiment.name() + "-reproduce", LocalDateTime.now());
    Runner runner = new Runner(experiment, copy, System.out, StopSignal.never(), "reproduce " + target);
    runner.begin();
    runner.trainAndEvaluate(null);

    List<String> differences = new ArrayList<>();
    Map<?, ?> expected = (Map<?, ?>) manifest.get("sha256");
    Map<?, ?> actual = (Map<?, ?>) manifest(copy).get("sha256");
    for (Object file : expected.keySet()) {
      if (!expected.get(file).equals(actual.get(file))) {
        differences.add(file + " differs: " + explain(original, copy, String.valueOf(file)));
      }
    }
    System.out.println("reproduction: " + copy);
    if (differences.isEmpty() && changed.isEmpty()) {
      System.out.println("identical: " + String.join(", ", expected.keySet().stream().map(String::valueOf).toList())
          + " (sha256 " + expected.values() + ")");
      return 0;
    }
    differences.forEach(d -> System.out.println("NOT REPRODUCED: " + d));
    if (differences.isEmpty()) {
      System.out.println("the rerun matches the hashes the run recorded; the files above changed after it finished");
    }
    return 1;
  }

  /** Each recorded file whose bytes on disk are missing or not those the manifest's sha256 recorded. */
  static List<String> changedOnDisk(RunDirectory run, Map<?, ?> recorded) throws java.io.IOException {
    List<String> changed = new ArrayList<>();
    for (Map.Entry<?, ?> e : recorded.entrySet()) {
      Path file = run.resolve(String.valueOf(e.getKey()));
      if (!Files.isRegularFile(file)) {
        changed.add(e.getKey() + ": missing from " + run);
        continue;
      }
      String actual = Runner.sha256(file);
      if (!actual.equals(e.getValue())) {
        changed.add(e.getKey() + ": its sha256 is not the manifest's (" + actual.substring(0, 16) + "... on disk, "
            + String.valueOf(e.getValue()).substring(0, Math.min(16, String.valueOf(e.getValue()).length()))
            + "... recorded)");
      }
    }
    return changed;
  }

  private static Map<?, ?> manifest(RunDirectory run) throws java.io.IOException {
    Path file = run.resolve(RunDirectory.MANIFEST);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(run + ": it has no " + RunDirectory.MANIFEST);
    }
    Object parsed = Json.read(Files.readString(file, StandardCharsets.UTF_8));
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(file + ": not a manifest");
    }
    return map;
  }

  /**
   * Reruns with the thread counts the original recorded: a network's row blocks, and so the grouping of its
   * gradient sums, follow the number of flowmatch threads.
   */
  private static void applyThreads(Map<?, ?> manifest) {
    if (manifest.get("environment") instanceof Map<?, ?> env && env.get("threads") instanceof Map<?, ?> threads) {
      if (threads.get("flowmatch_threads") instanceof Number n) {
        System.setProperty(Parallelism.PROPERTY, String.valueOf(n.intValue()));
        if (Parallelism.shared().threads() != n.intValue()) {
          System.out.println("warning: the original ran on " + n + " flowmatch threads, this process on "
              + Parallelism.shared().threads() + "; results may differ in the last bits");
        }
      }
      if (threads.get("blas_threads") instanceof Number blas) {
        ThreadSettings.setBlasThreads(blas.intValue());
      }
    }
  }

  /** What differs inside a file: per-array maximum differences for checkpoints, lines for CSVs. */
  private static String explain(RunDirectory a, RunDirectory b, String file) throws java.io.IOException {
    if (file.equals(RunDirectory.CHECKPOINT)) {
      Checkpoint x;
      Checkpoint y;
      try {
        x = Checkpoint.read(a.resolve(file));
        y = Checkpoint.read(b.resolve(file));
      } catch (org.flowmatch.models.training.CheckpointException unreadable) {
        return unreadable.getMessage();
      }
      List<String> parts = new ArrayList<>();
      parts.add("step " + x.step() + " vs " + y.step());
      parts.add("parameters max |diff| " + maxDiff(x.parameters(), y.parameters()));
      if (x.ema() != null && y.ema() != null) {
        parts.add("ema max |diff| " + maxDiff(x.ema(), y.ema()));
      }
      int firstLoss = -1;
      double[] lx = x.losses();
      double[] ly = y.losses();
      for (int i = 0; i < Math.min(lx.length, ly.length) && firstLoss < 0; i++) {
        if (Double.doubleToLongBits(lx[i]) != Double.doubleToLongBits(ly[i])) {
          firstLoss = i + 1;
        }
      }
      parts.add(firstLoss < 0 ? "same losses" : "losses first differ at step " + firstLoss);
      return String.join("; ", parts);
    }
    if (!Files.isRegularFile(a.resolve(file))) {
      return a.resolve(file) + " is missing";
    }
    List<String> la = Files.readAllLines(a.resolve(file));
    List<String> lb = Files.readAllLines(b.resolve(file));
    int differing = 0;
    int first = -1;
    for (int i = 0; i < Math.max(la.size(), lb.size()); i++) {
      String u = i < la.size() ? la.get(i) : null;
      String v = i < lb.size() ? lb.get(i) : null;
      if (u == null || !u.equals(v)) {
        differing++;
        first = first < 0 ? i + 1 : first;
      }
    }
    return String.format(Locale.ROOT, "%d of %d lines differ, the first at line %d", differing, la.size(), first);
  }

  private static String maxDiff(INDArray a, INDArray b) {
    if (a.length() != b.length()) {
      return "(sizes " + a.length() + " and " + b.length() + ")";
    }
    return String.valueOf(a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
        .sub(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).amaxNumber());
  }
}
