package org.flowmatch.experiments.ablation;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.ablation.Grid.Cell;
import org.flowmatch.experiments.config.ConfigException;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.discrete.DiscreteExperiment;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.report.PlotSpec;
import org.flowmatch.experiments.report.StudyReport;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunPlots;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * STUDY/models/KEY/           per training configuration (the "model" column): checkpoint.zip (resumable),
 *                             config.yaml, loss.csv, loss.png and samples.png (2-D data, beside held-out data)
 * STUDY/cells/ID/result.json  one result per cell (or error.txt)
 * STUDY/results.csv           one row per cell: every axis value and metric
 * STUDY/results.md            mean +- std over seeds
 * STUDY/index.html            the report page (report/StudyReport), its plots in STUDY/report/
 * STUDY/plots/                metrics against NFE, with Pareto fronts
 * STUDY/manifest.json         provenance and timings
 * STUDY/shards/I-of-N.json    what shard I of N ran (with --shard; see Shards)
 * </pre>
 *
 * <p>Every file is written atomically ({@link StudyFiles}), so shards and Spark tasks on several machines can share
 * one study directory.
 */
public final class Study {
  private final Grid grid;
  private final Path dir;
  private final int workers;
  private final PrintStream out;
  private final StopSignal stop;
  private boolean retryFailed = true;
  /** Warnings about unused keys already logged: once per set of keys, not once per cell. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

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

  /** Whether a rerun runs the cells that failed before again (the default) or keeps their errors. */
  public Study retryFailed(boolean retry) {
    this.retryFailed = retry;
    return this;
  }

  /** A cell and its experiment (with its expected cost, for shards), or the error that stopped it being built. */
  private record Planned(Cell cell, ExperimentConfig config, String trainingKey, String error, double trainCost,
      double evalCost) {}

  /**
   * One training configuration and the cells that share it: the unit that shards and Spark tasks run whole.
   *
   * @param key the training key (or {@code invalid-CELL} for a cell whose config does not build)
   * @param cells its cells in grid order
   * @param cost the expected cost ({@link Shards#trainingCost}, {@link Shards#evaluationCost})
   */
  public record Group(String key, List<Cell> cells, double cost) {}

  /** What {@link #collect} found. */
  public record Collected(int cells, long ok, long failed, List<String> missing) {}

  /**
   * What a study run left.
   *
   * @param dir the study directory
   * @param cells the grid's cells
   * @param failed cells that failed (their errors are in {@code cells/ID/error.txt} and results.csv)
   * @param pending cells not run (interrupted)
   */
  public record Outcome(Path dir, int cells, long failed, long pending) {

    /** Whether every cell finished. */
    public boolean complete() {
      return failed == 0 && pending == 0;
    }
  }

  /**
   * Builds every cell's experiment without running anything.
   *
   * @throws ConfigException for the first invalid cell, naming the axis, its value and the key
   */
  public void validate() {
    if (DiscreteExperiment.isDiscrete(grid.base())) {
      new DiscreteStudy(grid, dir, out, stop).validate();
      return;
    }
    for (Cell cell : grid.cells()) {
      Planned p = plan(cell);
      if (p.error() != null) {
        throw new ConfigException(grid.file() + ": " + culprit(cell, p.error()) + ": " + p.error());
      }
    }
  }

  /** The axis values of {@code cell} that set a key the error names, else all of its axis values. */
  private String culprit(Cell cell, String error) {
    List<String> named = new ArrayList<>();
    List<String> all = new ArrayList<>();
    for (Grid.Axis axis : grid.axes()) {
      String label = cell.labels().get(axis.name());
      String value = "axis '" + axis.name() + "' value '" + label + "'";
      all.add(value);
      List<String> settings = axis.settings().get(axis.labels().indexOf(label));
      if (settings.stream().anyMatch(s -> error.contains(s.substring(0, s.indexOf('='))))) {
        named.add(value);
      }
    }
    return String.join(", ", named.isEmpty() ? all : named);
  }

  /**
   * Validates every cell ({@link #validate}: nothing is written if one is invalid), runs every unfinished cell,
   * then writes the tables and plots.
   */
  public Outcome run() throws IOException, InterruptedException {
    if (DiscreteExperiment.isDiscrete(grid.base())) {
      return new DiscreteStudy(grid, dir, out, stop).run();
    }
    PlotSpec.of(grid); // the plots: section, checked before anything runs
    validate();
    long start = System.nanoTime();
    Files.createDirectories(dir.resolve("cells"));
    StudyFiles.write(dir.resolve("grid.yaml"), Files.readAllBytes(grid.file()));
    execute(grid.cells());
    Collected c = writeOutputs((System.nanoTime() - start) / 1e9);
    return new Outcome(dir, c.cells(), c.failed(), c.missing().size());
  }

  /**
   * Every cell of the grid grouped by training configuration, groups in the order of their first cell. Finished
   * cells count too, so that the grouping (and a shard assignment made from it) does not depend on progress.
   */
  public List<Group> groups() {
    Map<String, List<Planned>> groups = new LinkedHashMap<>();
    for (Cell cell : grid.cells()) {
      Planned p = plan(cell);
      groups.computeIfAbsent(groupKey(p), k -> new ArrayList<>()).add(p);
    }
    List<Group> result = new ArrayList<>();
    groups.forEach((key, planned) -> result.add(new Group(key, planned.stream().map(Planned::cell).toList(),
        planned.get(0).trainCost() + planned.stream().mapToDouble(Planned::evalCost).sum())));
    return result;
  }

  /**
   * Runs the unfinished cells among {@code cells} (one training per training configuration, groups on the
   * workers) and writes their results; writes no table. A shard or a Spark task runs its share this way.
   */
  public void execute(List<Cell> cells) throws InterruptedException {
    Map<String, List<Planned>> groups = new LinkedHashMap<>();
    int done = 0;
    int retried = 0;
    int kept = 0;
    for (Cell cell : cells) {
      Map<String, Object> earlier = CellResults.read(resultFile(cell));
      if (earlier != null) {
        if (!"failed".equals(earlier.get("status"))) {
          done++;
          continue;
        }
        if (!retryFailed) {
          done++;
          kept++;
          continue;
        }
        retried++;
      }
      Planned p = plan(cell);
      groups.computeIfAbsent(groupKey(p), k -> new ArrayList<>()).add(p);
    }
    long configurations = groups.keySet().stream().filter(k -> !k.startsWith("invalid-")).count();
    out.printf(Locale.ROOT, "study %s: %d cells (%d already done%s), %d training configurations to run, %d workers%n",
        dir, cells.size(), done, retried > 0 ? ", " + retried + " failed before: retrying them"
            : kept > 0 ? ", of which " + kept + " failed: kept (--retry-failed false)" : "", configurations, workers);
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
  }

  /**
   * Writes results.csv, results.md, the plots and manifest.json from whatever cells have finished (the others are
   * {@code pending} rows), for a study that shards or Spark tasks ran; returns what it found.
   */
  public Collected collect() throws IOException {
    if (grid.cells().stream().noneMatch(c -> Files.exists(resultFile(c)))) { // unreadable ones are pending
      throw new IllegalArgumentException("--collect: no finished cell of " + grid.file() + " in " + dir
          + " (run its shards first)");
    }
    StudyFiles.write(dir.resolve("grid.yaml"), Files.readAllBytes(grid.file()));
    return writeOutputs(Double.NaN);
  }

  private Collected writeOutputs(double wallSeconds) throws IOException {
    List<Cell> cells = grid.cells();
    List<Map<String, Object>> results = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Cell cell : cells) {
      Map<String, Object> r = readResult(cell);
      if ("pending".equals(r.get("status"))) {
        missing.add(cell.id());
      }
      results.add(r);
    }
    Tables.write(dir, grid, results);
    long failed = results.stream().filter(r -> "failed".equals(r.get("status"))).count();
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("grid", grid.file().toString());
    manifest.put("cells", cells.size());
    manifest.put("failed", failed);
    manifest.put("pending", missing.size());
    manifest.put("workers", workers);
    if (!Double.isNaN(wallSeconds)) {
      manifest.put("wall_time_s", Math.round(wallSeconds * 1000) / 1000.0);
    }
    manifest.put("finished", Instant.now().toString());
    manifest.put("environment", Provenance.environment());
    manifest.put("git", Provenance.git(Path.of("").toAbsolutePath()));
    StudyFiles.write(dir.resolve("manifest.json"), Json.write(manifest));
    StudyReport.write(dir, grid, PlotSpec.of(grid), results);
    return new Collected(cells.size(), cells.size() - failed - missing.size(), failed, List.copyOf(missing));
  }

  private static String groupKey(Planned p) {
    return p.trainingKey() == null ? "invalid-" + p.cell().id() : p.trainingKey();
  }

  private Planned plan(Cell cell) {
    try {
      ExperimentConfig config = grid.base().withOverrides(cell.overrides());
      Experiment e = Experiment.build(config, warned);
      return new Planned(cell, config, trainingKey(e.resolved()), null, Shards.trainingCost(e),
          Shards.evaluationCost(e));
    } catch (RuntimeException e) {
      return new Planned(cell, null, null, message(e), 0, 0);
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
    // Training log lines (train.log_every) of parallel groups carry their model (logback.xml prints %X{unit}).
    org.slf4j.MDC.put("unit", "model " + key + ": ");
    try {
      runCells(key, cells, progress);
    } finally {
      org.slf4j.MDC.remove("unit");
    }
  }

  private void runCells(String key, List<Planned> cells, Progress progress) {
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
        Experiment e = Experiment.build(p.config(), warned);
        if (e.trainable() && trained == null && trainingError == null) {
          try {
            long t = System.nanoTime();
            out.printf(Locale.ROOT, "model %s (%s): training %d steps%n", key, shared(cells),
                e.train().config().steps());
            trained = train(e, dir.resolve("models").resolve(key));
            trainSeconds = Math.round((System.nanoTime() - t) / 1e6) / 1000.0;
            out.printf(Locale.ROOT, "model %s: trained in %.1f s%n", key, trainSeconds);
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
        result.put("model", e.trainable() ? key : "none");
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
      progress.cellDone(p.cell(), key, result);
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
    StudyFiles.write(modelDir.resolve("config.yaml"), e.resolved().toYaml());
    TrainingSession.writeLosses(modelDir.resolve("loss.csv"), state);
    VelocityModel model = state.samplingModel();
    if (e.data().dim() == 2) {
      RunPlots.lossChart(modelDir.resolve("loss.csv")).write(modelDir.resolve("loss.png"), 560, 340);
      // One fixed solver for every model's picture, so that the cards compare models, not sampling solvers.
      OdeSolver solver = RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-5, 1e-5, ErrorControl.SHARED);
      INDArray x0 = e.source().sample(e.eval().samples(), e.seeds().sample().copy()).castTo(model.dataType());
      RunPlots.samplesBesideData(modelDir.resolve("samples.png"), e, solver.solve(model, x0, 0, 1).finalState(),
          "samples (dopri5 1e-5)");
    }
    return model;
  }

  private Path resultFile(Cell cell) {
    return dir.resolve("cells").resolve(cell.id()).resolve("result.json");
  }

  private void writeResult(Cell cell, Map<String, Object> result) throws IOException {
    Path cellDir = dir.resolve("cells").resolve(cell.id());
    if (result.get("error") != null) {
      StudyFiles.write(cellDir.resolve("error.txt"), result.get("error") + "\n");
    } else {
      Files.deleteIfExists(cellDir.resolve("error.txt")); // a retried cell that now succeeded
    }
    // Last: a cell counts as finished once its result.json exists.
    StudyFiles.write(cellDir.resolve("result.json"), Json.write(result));
  }

  /** The cell's result, or a pending one when it has none that can be read ({@link CellResults}). */
  private Map<String, Object> readResult(Cell cell) {
    Map<String, Object> r = CellResults.read(resultFile(cell));
    if (r == null) {
      Map<String, Object> pending = new LinkedHashMap<>();
      pending.put("cell", cell.id());
      pending.putAll(cell.labels());
      pending.put("status", "pending");
      return pending;
    }
    if (r.containsKey("training") && !r.containsKey("model")) {
      r.put("model", r.remove("training")); // written before the column was called model
    }
    r.putAll(cell.labels());
    return r;
  }

  private static String message(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().replace('\n', ' ');
  }

  /** The axis labels that every cell of a group shares: what identifies its model. */
  private static String shared(List<Planned> cells) {
    Map<String, String> first = cells.get(0).cell().labels();
    List<String> parts = new ArrayList<>();
    first.forEach((axis, label) -> {
      if (cells.stream().allMatch(p -> label.equals(p.cell().labels().get(axis)))) {
        parts.add(axis + "=" + label);
      }
    });
    return String.join(", ", parts);
  }

  /** One line of progress per finished cell, naming the cell and its model: done of total, failed, ETA. */
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

    synchronized void cellDone(Cell cell, String model, Map<String, Object> result) {
      boolean failure = "failed".equals(result.get("status"));
      int d = done.incrementAndGet();
      if (failure) {
        failed.incrementAndGet();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      double eta = seconds / d * (total - alreadyDone - d);
      String labels = String.join(", ", cell.labels().entrySet().stream().map(l -> l.getKey() + "=" + l.getValue())
          .toList());
      out.printf(Locale.ROOT, "cell %s (model %s; %s): %s; cells %d/%d done, %d failed, ETA %d:%02d%n", cell.id(),
          model, labels, failure ? "failed: " + result.get("error") : "ok", alreadyDone + d, total, failed.get(),
          (long) eta / 60, (long) eta % 60);
    }

    int ran() {
      return done.get();
    }

    void finish() {
      out.printf(Locale.ROOT, "ran %d cells in %.1f s, %d failed%n", done.get(), (System.nanoTime() - start) / 1e9,
          failed.get());
    }
  }
}
