package org.flowmatch.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.eval.ExperimentContext;
import org.flowmatch.experiments.eval.ReferenceCache;
import org.flowmatch.experiments.plot.ManifoldCharts;
import org.flowmatch.manifolds.OnManifold;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.models.training.TrainingState;
import org.flowmatch.solvers.likelihood.LogLikelihood;

/**
 * Takes one {@link Experiment} through its phases into a {@link RunDirectory}: training (a {@link
 * TrainingSession}: periodic checkpoints, resumable), the {@link Evaluation} (samples, log-likelihoods of held-out
 * data, the chosen metrics), and plots; the manifest is written at the
 * start, after training, after evaluation and at the end, with the timing of every phase so far, so even a failed
 * run says how far it got.
 */
public final class Runner {
  private final Experiment experiment;
  private final RunDirectory run;
  private final PrintStream out;
  private final StopSignal stop;
  private final RunRecord record;
  private final Map<String, Object> phases;
  private final Map<String, Object> results;
  private boolean animate;

  /**
   * What a run on data with {@code data.holdout = 0} records and says in its headline: no row is held out, and
   * everything measured on held-out rows (NLL, W2, the classifier's accuracy) is measured on training rows.
   */
  public static final String HELD_OUT_NONE = "none (data.holdout = 0): the held-out numbers below are measured on"
      + " training rows";

  /** The animation's file name in a run directory. */
  public static final String ANIMATION = "animation.gif";

  public Runner(Experiment experiment, RunDirectory run, PrintStream out, StopSignal stop, String command) {
    this(experiment, out, stop, RunRecord.start(run, command, Map.of("seed", experiment.seeds().seed())));
  }

  /** A runner that keeps {@code record}, the manifest of its run directory. */
  public Runner(Experiment experiment, PrintStream out, StopSignal stop, RunRecord record) {
    this.experiment = experiment;
    this.run = record.directory();
    this.out = out;
    this.stop = stop;
    this.record = record;
    this.phases = record.phases();
    this.results = record.results();
  }

  /** Also write the flow animation with the plots. */
  public Runner withAnimation() {
    animate = true;
    return this;
  }

  public Experiment experiment() {
    return experiment;
  }

  public RunDirectory directory() {
    return run;
  }

  /** Writes the resolved config and a first manifest. */
  public void begin() {
    record.guard(() -> {
      run.write(RunDirectory.CONFIG, experiment.resolved().toYaml());
      writeManifest();
    });
  }

  /**
   * Everything the {@code train} command does: train, sample, likelihood, plots.
   *
   * @throws RunFailedException naming the run directory, after marking its manifest failed, when anything fails
   */
  public void trainAndEvaluate(Checkpoint resume) {
    try (StopSignal.Running running = stop.running()) {
      record.guard(() -> {
        VelocityModel model = experiment.trainable() ? train(resume) : experiment.model();
        if (stop.requested()) {
          finish(RunRecord.INTERRUPTED);
          return;
        }
        evaluate(model);
        Headline.lines(results, phases).forEach(out::println);
        finish(RunRecord.FINISHED);
      });
    }
  }

  /** The evaluation ({@code eval.metrics}), samples.csv, likelihood.csv and plots with a given model. */
  public void evaluate(VelocityModel model) throws IOException {
    boolean onCharts = experiment.data() instanceof OnManifold m
        && ManifoldCharts.supports(m.manifold(), experiment.data().dim());
    boolean plane = !onCharts && experiment.data().dim() == 2;
    int frames = plane ? pathFrames(experiment) : 0;
    if (experiment.data() instanceof Dataset d && d.heldOut().rows() == 0) {
      results.put("held_out", HELD_OUT_NONE);
    }
    Evaluation evaluation = phase("evaluate", () -> Evaluation.of(experiment, model, new ReferenceCache(), frames));
    results.putAll(evaluation.values());
    ExperimentContext context = evaluation.context();
    // CSVs are in the units of the data file: a dataset's normalization is undone (the identity for built-in data).
    int[] labels = context.sampleLabels();
    if (labels == null) {
      run.write(RunDirectory.SAMPLES, Csv.content(header("dim", experiment.data().dim()),
          DataUnits.toFile(experiment.data(), context.sampleArray())));
    } else {
      // Class-conditional samples say which class each was generated for, as `sample --class all` does.
      List<String> columns = new ArrayList<>(header("dim", experiment.data().dim()));
      columns.add("label");
      run.write(RunDirectory.SAMPLES, Csv.content(columns, DataUnits.toFile(experiment.data(),
          context.sampleArray()), NdArrays.column(Arrays.stream(labels).asDoubleStream().toArray(),
          org.nd4j.linalg.api.buffer.DataType.DOUBLE)));
    }
    if (experiment.path() instanceof OnManifold onManifold) {
      results.put("likelihood", "skipped: path '" + experiment.path().name() + "' lives on the "
          + onManifold.manifold().name() + ", where a likelihood needs the Riemannian divergence (not implemented)");
    } else if (experiment.source().hasDensity()) {
      LogLikelihood.Result likelihood = phase("likelihood", context::likelihoodResult);
      if (experiment.data() instanceof Dataset) {
        run.write(RunDirectory.LIKELIHOOD, LikelihoodCsv.content(
            DataUnits.toFile(experiment.data(), context.likelihoodPointArray()), null,
            likelihood.logLikelihood().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .addi(DataUnits.logJacobian(experiment.data())), likelihood.nfe(), null));
      } else {
        run.write(RunDirectory.LIKELIHOOD, LikelihoodCsv.content(context.likelihoodPointArray(), likelihood,
            experiment.data()));
      }
    } else {
      results.put("likelihood", "skipped: source '" + experiment.source().name() + "' has no closed-form density");
    }
    if (onCharts) {
      phase("plots", () -> {
        RunPlots.writeOnManifold(run, experiment, ((OnManifold) experiment.data()).manifold(),
            context.sampleArray(), out);
        return null;
      });
    } else if (plane) {
      Trajectories trajectories = frames > 0
          ? Trajectories.first(context.samplingSolve(), experiment.eval().trajectories())
          : phase("trajectories", () -> Trajectories.sample(experiment, model, experiment.eval().trajectories(),
              experiment.eval().frames()));
      phase("plots", () -> {
        RunPlots.write(run, experiment, model, context.sampleArray(), trajectories, animate, out);
        return null;
      });
    } else if (experiment.data() instanceof Dataset d && d.imageShape().isPresent()) {
      phase("plots", () -> {
        RunPlots.writeImages(run, experiment, d, model, context.sampleArray(), labels, animate, out);
        return null;
      });
    } else {
      results.put("plots", "skipped: the data is " + experiment.data().dim() + "-dimensional");
    }
    writeManifest();
  }

  /**
   * The frames at which the evaluation's sampling solve records the states of a 2-D run, so that the trajectory plot
   * and the animation draw the first {@code eval.trajectories} samples' own paths instead of solving again; 0 when
   * there are fewer samples than trajectories (they are then solved on their own).
   */
  static int pathFrames(Experiment e) {
    return e.eval().trajectories() <= e.eval().samples() && e.eval().frames() >= 2 ? e.eval().frames() : 0;
  }

  /**
   * Trains, or resumes from {@code resume}, writing checkpoints and the loss curve; returns the sampling model. A
   * resumed run's training time adds to the time it recorded; a checkpoint that is already complete (a run that
   * failed after training) is used as it is, and nothing of its training is written again.
   */
  public TrainableModel train(Checkpoint resume) throws IOException {
    TrainingSession session = new TrainingSession(experiment, run.resolve(RunDirectory.CHECKPOINT), stop,
        run.files());
    int total = experiment.trainer().config().steps();
    int startStep = resume == null ? 0 : resume.step();
    if (resume != null) {
      out.printf(Locale.ROOT, startStep < total ? "resuming from step %d of %d%n"
          : "training finished at step %d of %d; evaluating%n", startStep, total);
    }
    ProgressBar bar = new ProgressBar(System.err, startStep, total);
    long t0 = System.nanoTime();
    TrainingState training = session.run(resume, bar.listener(s -> { }));
    bar.finish();
    double seconds = (System.nanoTime() - t0) / 1e9;
    if (resume == null || training.step() > startStep) {
      record.addPhase("train", seconds);
      writeLosses(training);
      results.put("train_steps", training.step());
      results.put("train_steps_per_s", round((training.step() - startStep) / Math.max(seconds, 1e-9)));
      results.put("final_loss", training.lastLoss());
    }
    writeManifest();
    if (stop.requested() && !session.complete(training)) {
      out.printf(Locale.ROOT, "stopped at step %d of %d; resume with: flowmatch train --resume %s%n",
          training.step(), total, run);
    }
    return (TrainableModel) training.samplingModel();
  }

  private void writeLosses(TrainingState state) throws IOException {
    run.write(RunDirectory.LOSSES, TrainingSession.losses(state));
  }

  /** Marks the run as done with {@code status} and records the hashes that {@code reproduce} compares. */
  public void finish(String status) throws IOException {
    Map<String, Object> hashes = new LinkedHashMap<>();
    for (String file : List.of(RunDirectory.CHECKPOINT, RunDirectory.SAMPLES)) {
      Path p = run.resolve(file);
      if (Files.exists(p)) {
        hashes.put(file, sha256(p));
      }
    }
    record.put("sha256", hashes);
    record.end(status);
  }

  private void writeManifest() throws IOException {
    record.write();
  }

  /** A phase's result, with its wall time recorded. */
  private <T> T phase(String name, ThrowingSupplier<T> body) throws IOException {
    long t0 = System.nanoTime();
    T result = body.get();
    phases.put(name, round((System.nanoTime() - t0) / 1e9));
    return result;
  }

  @FunctionalInterface
  private interface ThrowingSupplier<T> {
    T get() throws IOException;
  }

  public static List<String> header(String prefix, int d) {
    List<String> h = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      h.add(prefix + j);
    }
    return h;
  }

  /** The SHA-256 of a file's bytes in hex: what a manifest records and reproduce compares. */
  public static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static double round(double seconds) {
    return Math.round(seconds * 1000) / 1000.0;
  }
}
