package org.flowmatch.experiments.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.Checkpoint;
import org.flowmatch.models.training.CheckpointException;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.models.training.TrainingListener;
import org.flowmatch.models.training.TrainingState;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Takes one {@link Experiment} through its phases into a {@link RunDirectory}: training (with periodic
 * checkpoints, resumable), sampling, log-likelihoods of held-out data, and plots; the manifest is written at the
 * start, after training, after evaluation and at the end, with the timing of every phase so far, so even a failed
 * run says how far it got.
 */
public final class Runner {
  private final Experiment experiment;
  private final RunDirectory run;
  private final PrintStream out;
  private final StopSignal stop;
  private final Map<String, Object> manifest = new LinkedHashMap<>();
  private final Map<String, Object> phases = new LinkedHashMap<>();
  private final Map<String, Object> results = new LinkedHashMap<>();
  private boolean animate;
  private int lastSampleNfe;

  /** The animation's file name in a run directory. */
  public static final String ANIMATION = "animation.gif";

  public Runner(Experiment experiment, RunDirectory run, PrintStream out, StopSignal stop, String command) {
    this.experiment = experiment;
    this.run = run;
    this.out = out;
    this.stop = stop;
    manifest.put("command", command);
    manifest.put("seed", experiment.seeds().seed());
    manifest.put("started", Instant.now().toString());
    manifest.put("status", "running");
    manifest.put("phases_s", phases);
    manifest.put("results", results);
    manifest.put("environment", Provenance.environment());
    manifest.put("git", Provenance.git(Path.of("").toAbsolutePath()));
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
  public void begin() throws IOException {
    Files.writeString(run.resolve(RunDirectory.CONFIG), experiment.resolved().toYaml(), StandardCharsets.UTF_8);
    writeManifest();
  }

  /** Everything the {@code train} command does: train, sample, likelihood, plots. */
  public void trainAndEvaluate(Checkpoint resume) throws IOException {
    VelocityModel model = experiment.trainable() ? train(resume) : experiment.model();
    if (stop.requested()) {
      finish("interrupted");
      return;
    }
    evaluate(model);
    finish("finished");
  }

  /** Sampling, likelihoods and plots with a given model. */
  public void evaluate(VelocityModel model) throws IOException {
    INDArray samples = phase("sample", () -> sample(model, experiment.eval().samples()));
    results.put("sampling_nfe", lastSampleNfe);
    Csv.write(run.resolve(RunDirectory.SAMPLES), header("dim", experiment.data().dim()), samples);
    results.put("samples", experiment.eval().samples());
    Trajectories trajectories = phase("trajectories", () -> Trajectories.sample(experiment, model,
        experiment.eval().trajectories(), experiment.eval().frames()));
    HeldOut heldOut = phase("likelihood", () -> likelihood(model));
    if (heldOut != null) {
      writeLikelihood(heldOut);
    }
    if (experiment.data().dim() == 2) {
      phase("plots", () -> {
        RunPlots.write(run, experiment, model, samples, trajectories, out);
        if (animate) {
          RunPlots.animation(run.resolve(ANIMATION), experiment, trajectories);
        }
        return null;
      });
    } else {
      results.put("plots", "skipped: the data is " + experiment.data().dim() + "-dimensional");
    }
    writeManifest();
  }

  /** Trains, or resumes from {@code resume}, writing checkpoints and the loss curve; returns the sampling model. */
  public TrainableModel train(Checkpoint resume) throws IOException {
    TrainableModel model = (TrainableModel) experiment.model();
    CfmTrainer trainer = experiment.trainer();
    Path checkpointFile = run.resolve(RunDirectory.CHECKPOINT);
    TrainingState state;
    if (resume == null) {
      state = trainer.start(model, experiment.seeds().train());
    } else {
      String written = resume.metadata().get("config");
      if (!experiment.resolved().toYaml().equals(written)) {
        throw new CheckpointException(checkpointFile, "it was written with another config than this run's "
            + RunDirectory.CONFIG);
      }
      state = resume.restore(model, trainer.config(), checkpointFile);
      out.printf(Locale.ROOT, "resuming from step %d of %d%n", state.step(), trainer.config().steps());
    }
    int every = experiment.train().checkpointEvery();
    int total = trainer.config().steps();
    ProgressBar bar = new ProgressBar(System.err, state.step(), total);
    TrainingState training = state;
    long t0 = System.nanoTime();
    int startStep = state.step();
    trainer.run(training, bar.listener(new TrainingListener() {
      @Override
      public void onStep(TrainingState s) {
        if (s.step() % every == 0 && s.step() < total) {
          save(s);
        }
      }

      @Override
      public boolean stopRequested() {
        return stop.requested();
      }
    }));
    bar.finish();
    double seconds = (System.nanoTime() - t0) / 1e9;
    phases.put("train", round(seconds));
    save(training);
    writeLosses(training);
    results.put("train_steps", training.step());
    results.put("train_steps_per_s", round((training.step() - startStep) / Math.max(seconds, 1e-9)));
    results.put("final_loss", training.lastLoss());
    writeManifest();
    if (stop.requested() && training.step() < total) {
      out.printf(Locale.ROOT, "stopped at step %d of %d; resume with: flowmatch train --resume %s%n",
          training.step(), total, run);
    }
    return (TrainableModel) training.samplingModel();
  }

  private void save(TrainingState state) {
    try {
      Checkpoint.of(state, Map.of("config", experiment.resolved().toYaml(), "model",
          state.model().toString())).write(run.resolve(RunDirectory.CHECKPOINT));
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the checkpoint into " + run + ": " + e.getMessage(), e);
    }
  }

  private void writeLosses(TrainingState state) throws IOException {
    double[] losses = state.losses();
    StringBuilder csv = new StringBuilder("step,loss\n");
    for (int i = 0; i < losses.length; i++) {
      csv.append(i + 1).append(',').append(Csv.format(losses[i])).append('\n');
    }
    Files.writeString(run.resolve(RunDirectory.LOSSES), csv, StandardCharsets.UTF_8);
  }

  /** {@code n} samples from the flow, started from the run's sampling stream. */
  public INDArray sample(VelocityModel model, int n) {
    INDArray x0 = experiment.source().sample(n, experiment.seeds().sample().copy()).castTo(dataType(model));
    org.flowmatch.core.OdeSolution solution = experiment.sampler().solve(model, x0, 0, 1);
    lastSampleNfe = solution.nfe();
    return solution.finalState();
  }

  /**
   * Held-out data points and their log-likelihoods under the model.
   *
   * @param points the points, in double precision
   * @param result the likelihood solve
   */
  public record HeldOut(INDArray points, LogLikelihood.Result result) {}

  /** Log-likelihoods of held-out data, or null when the source has no density. */
  public HeldOut likelihood(VelocityModel model) {
    if (!experiment.source().hasDensity()) {
      results.put("likelihood", "skipped: source '" + experiment.source().name() + "' has no closed-form density");
      return null;
    }
    INDArray points = experiment.data().sample(experiment.eval().likelihoodPoints(),
        experiment.seeds().heldOut().copy());
    LogLikelihood.Result result = experiment.likelihood().compute(model, experiment.source(),
        points.castTo(dataType(model)), experiment.seeds().likelihood().copy());
    double mean = result.logLikelihood().meanNumber().doubleValue();
    int d = experiment.data().dim();
    results.put("likelihood_points", points.rows());
    results.put("mean_log_likelihood_nats", mean);
    results.put("nll_bits_per_dim", -mean / (d * Math.log(2)));
    results.put("likelihood_nfe", result.nfe());
    if (experiment.data().hasDensity()) {
      double truth = experiment.data().logDensity(points).meanNumber().doubleValue();
      results.put("mean_true_log_density_nats", truth);
      results.put("kl_estimate_nats", truth - mean);
    }
    return new HeldOut(points, result);
  }

  private void writeLikelihood(HeldOut heldOut) throws IOException {
    LikelihoodCsv.write(run.resolve(RunDirectory.LIKELIHOOD), heldOut.points(), heldOut.result(),
        experiment.data());
  }

  /** Marks the run as done with {@code status} and records the hashes that {@code reproduce} compares. */
  public void finish(String status) throws IOException {
    manifest.put("status", status);
    manifest.put("finished", Instant.now().toString());
    Map<String, Object> hashes = new LinkedHashMap<>();
    for (String file : List.of(RunDirectory.CHECKPOINT, RunDirectory.SAMPLES)) {
      Path p = run.resolve(file);
      if (Files.exists(p)) {
        hashes.put(file, sha256(p));
      }
    }
    manifest.put("sha256", hashes);
    writeManifest();
    stop.finished();
  }

  private void writeManifest() throws IOException {
    Files.writeString(run.resolve(RunDirectory.MANIFEST), Json.write(manifest), StandardCharsets.UTF_8);
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

  /** float32 for float networks, double otherwise (the oracle). */
  public static DataType dataType(VelocityModel model) {
    return model instanceof TrainableModel t ? t.parameters().dataType() : DataType.DOUBLE;
  }

  public static List<String> header(String prefix, int d) {
    List<String> h = new ArrayList<>();
    for (int j = 0; j < d; j++) {
      h.add(prefix + j);
    }
    return h;
  }

  static String sha256(Path file) throws IOException {
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
