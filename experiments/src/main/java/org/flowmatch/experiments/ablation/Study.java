package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.ablation.Grid.Cell;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.Provenance;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.experiments.run.TrainingSession;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.TrainingState;

/**
 * Runs a {@link Grid} into a study directory: each distinct training configuration is trained once and shared by
 * every cell that differs from it only in how it samples or measures (solver, steps, tolerances, evaluation), cells
 * run on parallel workers, and every finished cell is a file, so a rerun skips it and an interruption loses at most
 * the cells in flight. A failing cell is recorded with its error and the others go on.
 *
 * <pre>
 * STUDY/grid.yaml             the grid as run
 * STUDY/models/KEY/           one checkpoint per training configuration (resumable)
 * STUDY/cells/ID/result.json  one result per cell (or error.txt)
 * STUDY/results.csv           one row per cell: every axis value and metric
 * STUDY/results.md            mean +- std over seeds
 * STUDY/plots/                metrics against NFE, with Pareto fronts
 * STUDY/manifest.json         provenance and timings
 * </pre>
 */
public final class Study {
  private final Grid grid;
  private final Path dir;
  private final int workers;
  private final PrintStream out;
  private final StopSignal stop;

  public Study(Grid grid, Path dir, int workers, PrintStream out, StopSignal stop) {
    if (workers < 1) {
      throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
    }
    this.grid = grid;
    this.dir = dir;
    this.workers = workers;
    this.out = out;
    this.stop = stop;
  }

  /** A cell and its experiment, or the error that stopped it from being built. */
  private record Planned(Cell cell, ExperimentConfig config, String trainingKey, String error) {}

  /** Runs every unfinished cell, then writes the tables and plots; returns the study directory. */
  public Path run() throws IOException, InterruptedException {
    long start = System.nanoTime();
    Files.createDirectories(dir.resolve("cells"));
    Files.copy(grid.file(), dir.resolve("grid.yaml"), StandardCopyOption.REPLACE_EXISTING);
    List<Cell> cells = grid.cells();
    Map<String, List<Planned>> groups = new LinkedHashMap<>();
    int done = 0;
    for (Cell cell : cells) {
      if (Files.exists(resultFile(cell))) {
        done++;
        continue;
      }
      Planned p = plan(cell);
      groups.computeIfAbsent(p.trainingKey() == null ? "invalid-" + cell.id() : p.trainingKey(),
          k -> new ArrayList<>()).add(p);
    }
    long configurations = groups.keySet().stream().filter(k -> !k.startsWith("invalid-")).count();
    out.printf(Locale.ROOT, "study %s: %d cells (%d already done), %d training configurations to run, %d workers%n",
        dir, cells.size(), done, configurations, workers);
    Progress progress = new Progress(out, cells.size(), done);
    ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
      Thread t = new Thread(r, "flowmatch-study");
      t.setDaemon(true);
      return t;
    });
    List<Future<?>> futures = new ArrayList<>();
    for (Map.Entry<String, List<Planned>> g : groups.entrySet()) {
      futures.add(pool.submit(() -> runGroup(g.getKey(), g.getValue(), progress)));
    }
    for (Future<?> f : futures) {
      try {
        f.get();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException("a study worker failed outside any cell: " + e.getCause(), e.getCause());
      }
    }
    pool.shutdown();
    progress.finish();
    List<Map<String, Object>> results = new ArrayList<>();
    for (Cell cell : cells) {
      results.add(readResult(cell));
    }
    Tables.write(dir, grid, results);
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("grid", grid.file().toString());
    manifest.put("cells", cells.size());
    manifest.put("failed", results.stream().filter(r -> "failed".equals(r.get("status"))).count());
    manifest.put("pending", results.stream().filter(r -> "pending".equals(r.get("status"))).count());
    manifest.put("workers", workers);
    manifest.put("wall_time_s", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
    manifest.put("finished", Instant.now().toString());
    manifest.put("environment", Provenance.environment());
    manifest.put("git", Provenance.git(Path.of("").toAbsolutePath()));
    Files.writeString(dir.resolve("manifest.json"), Json.write(manifest), StandardCharsets.UTF_8);
    stop.finished();
    return dir;
  }

  private Planned plan(Cell cell) {
    try {
      ExperimentConfig config = grid.base().withOverrides(cell.overrides());
      Experiment e = Experiment.build(config);
      return new Planned(cell, config, trainingKey(e.resolved()), null);
    } catch (RuntimeException e) {
      return new Planned(cell, null, null, message(e));
    }
  }

  /**
   * The hash of the resolved config without its evaluation-only keys: cells with equal keys share a model (trained
   * once) and the references it is measured against (solved once).
   */
  static String trainingKey(ExperimentConfig resolved) {
    return Grid.hash(TrainingSession.training(resolved)).substring(0, 16);
  }

  /** Trains (or reuses) one model, then evaluates every cell that shares it. */
  private void runGroup(String key, List<Planned> cells, Progress progress) {
    VelocityModel trained = null;
    String trainingError = null;
    double trainSeconds = 0;
    ReferenceCache cache = new ReferenceCache();
    for (Planned p : cells) {
      if (stop.requested()) {
        return;
      }
      long t0 = System.nanoTime();
      Map<String, Object> result = new LinkedHashMap<>();
      result.put("cell", p.cell().id());
      result.putAll(p.cell().labels());
      try {
        if (p.error() != null) {
          throw new IllegalArgumentException(p.error());
        }
        Experiment e = Experiment.build(p.config());
        if (e.trainable() && trained == null && trainingError == null) {
          try {
            long t = System.nanoTime();
            trained = train(e, dir.resolve("models").resolve(key));
            trainSeconds = Math.round((System.nanoTime() - t) / 1e6) / 1000.0;
          } catch (RuntimeException | IOException ex) {
            trainingError = "training failed: " + message(ex);
          }
          if (trained == null && stop.requested()) {
            return; // interrupted: the checkpoint is saved and the cells stay pending
          }
        }
        if (trainingError != null) {
          throw new IllegalStateException(trainingError);
        }
        VelocityModel model = e.trainable() ? trained : e.model();
        result.put("training", e.trainable() ? key : "none");
        if (e.trainable()) {
          result.put("train_s", trainSeconds);
        }
        Evaluation evaluation = Evaluation.of(e, model, cache);
        result.putAll(evaluation.values());
        result.put("metrics", e.metrics().stream().map(m -> m.name()).toList());
        result.put("metric_s", evaluation.metricSeconds());
        result.put("status", "ok");
      } catch (RuntimeException | OutOfMemoryError ex) {
        result.put("status", "failed");
        result.put("error", message(ex));
      }
      result.put("cell_time_s", Math.round((System.nanoTime() - t0) / 1e6) / 1000.0);
      try {
        writeResult(p.cell(), result);
      } catch (IOException ex) {
        throw new IllegalStateException("cannot write the result of cell " + p.cell().id() + ": " + ex, ex);
      }
      progress.cellDone("failed".equals(result.get("status")));
    }
  }

  /** Trains the model of {@code e}, resuming from a checkpoint in {@code modelDir} if an earlier run left one. */
  private VelocityModel train(Experiment e, Path modelDir) throws IOException {
    Files.createDirectories(modelDir);
    Path file = modelDir.resolve("checkpoint.zip");
    TrainingSession session = new TrainingSession(e, file, stop);
    TrainingState state = session.run(Files.exists(file) ? Checkpoint.read(file) : null, s -> { });
    if (!session.complete(state)) {
      throw new IllegalStateException("stopped at step " + state.step());
    }
    Files.writeString(modelDir.resolve("config.yaml"), e.resolved().toYaml(), StandardCharsets.UTF_8);
    return state.samplingModel();
  }

  private Path resultFile(Cell cell) {
    return dir.resolve("cells").resolve(cell.id()).resolve("result.json");
  }

  private void writeResult(Cell cell, Map<String, Object> result) throws IOException {
    Path cellDir = Files.createDirectories(dir.resolve("cells").resolve(cell.id()));
    Path tmp = cellDir.resolve("result.json.tmp");
    Files.writeString(tmp, Json.write(result), StandardCharsets.UTF_8);
    Files.move(tmp, cellDir.resolve("result.json"), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    if (result.get("error") != null) {
      Files.writeString(cellDir.resolve("error.txt"), result.get("error") + "\n", StandardCharsets.UTF_8);
    }
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> readResult(Cell cell) throws IOException {
    Path file = resultFile(cell);
    if (!Files.exists(file)) {
      Map<String, Object> pending = new LinkedHashMap<>();
      pending.put("cell", cell.id());
      pending.putAll(cell.labels());
      pending.put("status", "pending");
      return pending;
    }
    Map<String, Object> r = new LinkedHashMap<>((Map<String, Object>) Json.read(Files.readString(file)));
    r.putAll(cell.labels());
    return r;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
  }

  /** One line of progress per finished cell: done of total, failed, ETA. */
  private static final class Progress {
    private final PrintStream out;
    private final int total;
    private final int alreadyDone;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final long start = System.nanoTime();

    Progress(PrintStream out, int total, int alreadyDone) {
      this.out = out;
      this.total = total;
      this.alreadyDone = alreadyDone;
    }

    synchronized void cellDone(boolean failure) {
      int d = done.incrementAndGet();
      if (failure) {
        failed.incrementAndGet();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double eta = seconds / d * (total - alreadyDone - d);
      out.printf(Locale.ROOT, "cells %d/%d done, %d failed, ETA %d:%02d%n", alreadyDone + d, total, failed.get(),
          (long) eta / 60, (long) eta % 60);
    }

    void finish() {
      out.printf(Locale.ROOT, "ran %d cells in %.1f s, %d failed%n", done.get(), (System.nanoTime() - start) / 1e9,
          failed.get());
    }
  }
}
