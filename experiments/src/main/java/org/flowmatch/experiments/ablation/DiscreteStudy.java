package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.flowmatch.discrete.Posterior;
import org.flowmatch.discrete.PosteriorNetwork;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.discrete.DiscreteRunner;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.Provenance;
import org.flowmatch.experiments.run.RunDirectory;

/**
 * {@code flowmatch ablate} for a grid whose base config is {@code family: discrete}: the same grid file, study
 * directory and tables as {@link Study}, with cells run one after another. Cells that differ only in
 * {@code solver.*} or {@code eval.*} share one trained posterior (models/KEY/weights.bin, reused by a rerun);
 * finished cells are skipped on a rerun, and after Ctrl-C the cells not yet started stay pending.
 */
final class DiscreteStudy {
  private final Grid grid;
  private final Path dir;
  private final PrintStream out;
  private final org.flowmatch.experiments.run.StopSignal stop;

  DiscreteStudy(Grid grid, Path dir, PrintStream out, org.flowmatch.experiments.run.StopSignal stop) {
    this.grid = grid;
    this.dir = dir;
    this.out = out;
    this.stop = stop;
  }

  /** Builds every cell's experiment; the first invalid one fails in one line naming the cell's axis values. */
  void validate() {
    for (Grid.Cell cell : grid.cells()) {
      try {
        DiscreteExperiment.build(grid.base().withOverrides(cell.overrides()));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(grid.file() + ": cell " + cell.labels() + ": " + e.getMessage());
      }
    }
  }

  Study.Outcome run() throws IOException {
    validate();
    long start = System.nanoTime();
    Files.createDirectories(dir.resolve("cells"));
    StudyFiles.write(dir.resolve("grid.yaml"), Files.readAllBytes(grid.file()));
    List<Map<String, Object>> results = new ArrayList<>();
    List<Grid.Cell> cells = grid.cells();
    out.printf(Locale.ROOT, "study %s: %d cells (family: discrete, one after another)%n", dir, cells.size());
    int k = 0;
    for (Grid.Cell cell : cells) {
      Path file = dir.resolve("cells").resolve(cell.id()).resolve("result.json");
      Map<String, Object> result = new LinkedHashMap<>();
      Map<String, Object> earlier = CellResults.read(file);
      if (stop.requested() && earlier == null) {
        result.put("cell", cell.id());
        result.putAll(cell.labels());
        result.put("status", "pending"); // Ctrl-C: a rerun picks the cell up
      } else if (earlier != null) {
        result.putAll(earlier);
      } else {
        result.put("cell", cell.id());
        result.putAll(cell.labels());
        long t0 = System.nanoTime();
        try {
          DiscreteExperiment e = DiscreteExperiment.build(grid.base().withOverrides(cell.overrides()));
          String key = trainingKey(e.resolved());
          Posterior model = model(e, dir.resolve("models").resolve(key), result);
          result.put("training", e.trainable() ? key : "none");
          DiscreteRunner.Evaluated ev = DiscreteRunner.evaluate(e, model, e.samples(), null, null);
          result.putAll(ev.metrics());
          result.put("metrics", ev.metrics().keySet().stream()
              .filter(m -> m.startsWith("kl_support") || m.equals("off_support") || m.equals("tv"))
              .filter(m -> !m.contains("exact")).toList());
          result.put("status", "ok");
        } catch (RuntimeException ex) {
          result.put("status", "failed");
          result.put("error", ex.getMessage() == null ? ex.toString() : ex.getMessage().replace('\n', ' '));
        }
        result.put("cell_time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
        StudyFiles.write(file, Json.write(result));
      }
      result.putAll(cell.labels());
      results.add(result);
      out.printf(Locale.ROOT, "cells %d/%d done (%s)%n", ++k, cells.size(), result.get("status"));
    }
    Tables.write(dir, grid, results);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("grid", grid.file().toString());
    manifest.put("family", "discrete");
    manifest.put("cells", cells.size());
    manifest.put("failed", results.stream().filter(r -> "failed".equals(r.get("status"))).count());
    manifest.put("wall_time_s", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    manifest.put("environment", Provenance.environment());
    manifest.put("git", Provenance.git(Path.of("").toAbsolutePath()));
    StudyFiles.write(dir.resolve("manifest.json"), Json.write(manifest));
    return new Study.Outcome(dir, cells.size(), (long) manifest.get("failed"),
        results.stream().filter(r -> "pending".equals(r.get("status"))).count());
  }

  /** The trained posterior of a training configuration: read from models/KEY, or trained and saved there. */
  private Posterior model(DiscreteExperiment e, Path modelDir, Map<String, Object> result) throws RuntimeException {
    try {
      if (!e.trainable()) {
        return e.newModel();
      }
      if (Files.exists(modelDir.resolve(DiscreteRunner.WEIGHTS))) {
        return DiscreteRunner.load(e, RunDirectory.open(modelDir));
      }
      Files.createDirectories(modelDir);
      StudyFiles.write(modelDir.resolve(RunDirectory.CONFIG), e.resolved().toYaml());
      long t0 = System.nanoTime();
      RunDirectory run = RunDirectory.open(modelDir);
      PosteriorNetwork net = (PosteriorNetwork) e.newModel();
      DiscreteRunner.trainInto(e, net, run, out);
      result.put("train_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
      return net;
    } catch (IOException ex) {
      throw new IllegalStateException("cannot train or read the model in " + modelDir + ": " + ex, ex);
    }
  }

  /** The hash of the resolved config without its sampling and evaluation keys. */
  static String trainingKey(ExperimentConfig resolved) {
    Map<String, Object> training = new TreeMap<>();
    resolved.values().forEach((k, v) -> {
      if (!k.startsWith("solver.") && !k.startsWith("eval.")) {
        training.put(k, v);
      }
    });
    return Grid.hash(training.toString()).substring(0, 16);
  }
}
