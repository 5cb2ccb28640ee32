package org.flowmatch.experiments.discrete;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.discrete.DiscreteEulerSampler;
import org.flowmatch.discrete.MixturePath;
import org.flowmatch.discrete.Posterior;
import org.flowmatch.discrete.PosteriorNetwork;
import org.flowmatch.discrete.PosteriorTrainer;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.eval.Evaluation;
import org.flowmatch.experiments.plot.Chart;
import org.flowmatch.experiments.plot.HeatMap;
import org.flowmatch.experiments.plot.Panels;
import org.flowmatch.experiments.plot.Series;
import org.flowmatch.experiments.run.Json;
import org.flowmatch.experiments.run.RunRecord;
import org.flowmatch.experiments.run.RunDirectory;
import org.flowmatch.experiments.run.StopSignal;
import org.flowmatch.models.files.OutputFiles;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@code flowmatch train / sample / evaluate / ablate} do for a {@code family: discrete} config: train the
 * posterior, sample it with the discrete Euler sampler, score the samples against the data table, and write the
 * run directory (config.yaml, manifest.json, weights.bin, loss.csv, samples.csv, metrics.json, plots/).
 */
public final class DiscreteRunner {
  /** The trained weights: the flat parameters as big-endian float64, preceded by their count. */
  public static final String WEIGHTS = "weights.bin";
  /** An interrupted training's state, written when training stops early; deleted when it finishes. */
  public static final String CHECKPOINT = "discrete-checkpoint.bin";
  private static final int CHUNK = 10_000;

  private DiscreteRunner() {}

  /** Trains (when the model has weights), samples, evaluates and plots into {@code run}. */
  public static void trainAndEvaluate(DiscreteExperiment e, RunDirectory run, PrintStream out, String command)
      throws IOException {
    trainAndEvaluate(e, run, out, command, StopSignal.never());
  }

  /** As above, asking {@code stop} before every training step (Ctrl-C writes a checkpoint to resume from). */
  public static void trainAndEvaluate(DiscreteExperiment e, RunDirectory run, PrintStream out, String command,
      StopSignal stop) throws IOException {
    trainAndEvaluate(e, RunRecord.start(run, command, head(e)), out, stop, null, null, true);
  }

  /**
   * Continues an interrupted or failed run (its {@code record}, {@link RunRecord#resume}) with its own config.yaml:
   * from its {@link #CHECKPOINT}, giving the same bytes (weights.bin, loss.csv, samples.csv) as a run that never
   * stopped; or, when training had finished (the run failed after it), from its weights, evaluating only.
   */
  public static void resume(RunRecord record, PrintStream out, StopSignal stop) throws IOException {
    RunDirectory run = record.directory();
    DiscreteExperiment e = DiscreteExperiment.build(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG)));
    Path file = run.resolve(CHECKPOINT);
    if (!Files.exists(file)) {
      if (!e.trainable() || Files.exists(run.resolve(WEIGHTS))) {
        record.resumedFrom(e.train().steps());
        out.println("training finished; evaluating");
        trainAndEvaluate(e, record, out, stop, load(e, run), null, false);
        return;
      }
      throw new IllegalArgumentException(run + ": neither " + CHECKPOINT + " nor " + WEIGHTS + " to resume from");
    }
    if (!(e.newModel() instanceof PosteriorNetwork net)) {
      throw new IllegalArgumentException(run + ": model '" + e.resolved().get("model.type").orElse("")
          + "' has nothing to train");
    }
    PosteriorNetwork restored;
    PosteriorTrainer.Progress from;
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      restored = readNetwork(in, file, net);
      int step = in.readInt();
      double[] losses = readDoubles(in, file);
      long[] rng = new long[6];
      for (int i = 0; i < rng.length; i++) {
        rng[i] = in.readLong();
      }
      double[] first = readDoubles(in, file);
      double[] second = readDoubles(in, file);
      DataType type = net.params().dataType();
      from = new PosteriorTrainer.Progress(step, losses, rng,
          Nd4j.create(first, new long[] {1, first.length}, DataType.DOUBLE).castTo(type),
          Nd4j.create(second, new long[] {1, second.length}, DataType.DOUBLE).castTo(type));
    }
    record.resumedFrom(from.step());
    trainAndEvaluate(e, record, out, stop, restored, from, true);
  }

  /**
   * The run of {@code record}: trains {@code model} (a network, from {@code from} or step 0) when {@code train},
   * then evaluates it; any failure marks the run failed ({@link RunRecord#guard}).
   */
  private static void trainAndEvaluate(DiscreteExperiment e, RunRecord record, PrintStream out, StopSignal stop,
      Posterior model, PosteriorTrainer.Progress from, boolean train) {
    try (StopSignal.Running running = stop.running()) {
      record.guard(() -> run(e, record, out, stop, model != null ? model : e.newModel(), from, train));
    }
  }

  /** The manifest's first entries after the command: what a discrete run records that a continuous one does not. */
  private static Map<String, Object> head(DiscreteExperiment e) {
    Map<String, Object> head = new LinkedHashMap<>();
    head.put("family", "discrete");
    head.put("seed", e.seeds().seed());
    return head;
  }

  private static void run(DiscreteExperiment e, RunRecord record, PrintStream out, StopSignal stop,
      Posterior model, PosteriorTrainer.Progress from, boolean train) throws IOException {
    RunDirectory run = record.directory();
    if (!record.resumed()) {
      run.write(RunDirectory.CONFIG, e.resolved().toYaml());
    }
    record.write();
    Map<String, Object> results = record.results();
    if (train && model instanceof PosteriorNetwork net) {
      long t0 = System.nanoTime();
      Map<String, Object> trained = trainInto(e, net, run, out, stop, from);
      record.addPhase("train", seconds(t0));
      if (trained == null) {
        record.end(RunRecord.INTERRUPTED);
        return;
      }
      results.putAll(trained);
      record.write();
      Files.deleteIfExists(run.resolve(CHECKPOINT));
    }
    long t0 = System.nanoTime();
    List<double[][]> frames = new ArrayList<>();
    List<Double> times = new ArrayList<>();
    Evaluated ev = evaluate(e, model, e.samples(), frames, times);
    results.putAll(ev.metrics());
    run.write(RunDirectory.SAMPLES, samplesCsv(ev.samples()));
    run.write("metrics.json", Json.write(ev.metrics()));
    if (e.data().length() == 2) {
      run.write("plots/histograms.png", Panels.png(histogramRow(frames, times, e.path(), ""), frames.size(), 300,
          300));
    }
    record.phases().put("evaluate", seconds(t0));
    results.forEach((k, v) -> out.printf(Locale.ROOT, "%-24s %s%n", k, v));
    record.end(RunRecord.FINISHED);
  }

  /** Trains the network and writes weights.bin, loss.csv and plots/loss.png into {@code run}; returns the results. */
  public static Map<String, Object> trainInto(DiscreteExperiment e, PosteriorNetwork net, RunDirectory run,
      PrintStream out) throws IOException {
    return trainInto(e, net, run, out, StopSignal.never(), null);
  }

  /** As above, from {@code from} (or step 0 when null); null, after writing {@link #CHECKPOINT}, if stopped. */
  static Map<String, Object> trainInto(DiscreteExperiment e, PosteriorNetwork net, RunDirectory run,
      PrintStream out, StopSignal stop, PosteriorTrainer.Progress from) throws IOException {
    long t0 = System.nanoTime();
    int every = Math.max(1, e.train().steps() / 10);
    PosteriorTrainer.Progress progress = PosteriorTrainer.train(net, e.data(), e.path(), e.train(),
        e.seeds().train().copy(), from, (step, loss) -> {
          if ((step + 1) % every == 0) {
            out.printf(Locale.ROOT, "step %d/%d loss %.4f%n", step + 1, e.train().steps(), loss);
          }
        }, stop::requested);
    if (progress.step() < e.train().steps()) {
      run.write(CHECKPOINT, checkpoint(net, progress));
      out.println("stopped at step " + progress.step() + " of " + e.train().steps() + "; resume with: flowmatch"
          + " train --resume " + run);
      return null;
    }
    double[] losses = progress.losses();
    Map<String, Object> results = new LinkedHashMap<>();
    results.put("train_steps", losses.length);
    results.put("train_s", seconds(t0));
    results.put("final_loss", mean(losses, Math.max(0, losses.length - 100)));
    run.write(WEIGHTS, weights(net));
    StringBuilder csv = new StringBuilder("step,loss\n");
    for (int i = 0; i < losses.length; i++) {
      csv.append(i + 1).append(',').append(losses[i]).append('\n');
    }
    run.write(RunDirectory.LOSSES, csv.toString());
    run.write("plots/loss.png", Panels.png(List.of(lossChart(losses, e)), 1, 520, 360));
    return results;
  }

  /** The checkpoint: weights, step, losses, the generator's state and Adam's moments, big-endian. */
  private static OutputFiles.Content checkpoint(PosteriorNetwork net, PosteriorTrainer.Progress p) {
    return stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      writeDoubles(out, net.params().castTo(DataType.DOUBLE).data().asDouble());
      out.writeInt(p.step());
      writeDoubles(out, p.losses());
      for (long word : p.rng()) {
        out.writeLong(word);
      }
      writeDoubles(out, p.adamFirst().castTo(DataType.DOUBLE).data().asDouble());
      writeDoubles(out, p.adamSecond().castTo(DataType.DOUBLE).data().asDouble());
      out.flush();
    };
  }

  private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
    out.writeInt(values.length);
    for (double v : values) {
      out.writeDouble(v);
    }
  }

  /** {@code net}'s architecture with the weights of the next block of {@code in} (written by writeDoubles). */
  private static PosteriorNetwork readNetwork(DataInputStream in, Path file, PosteriorNetwork net) throws IOException {
    double[] p = readDoubles(in, file);
    if (p.length != net.spec().parameterCount()) {
      throw new IllegalArgumentException(file + ": it holds " + p.length + " parameters but the configured model has "
          + net.spec().parameterCount());
    }
    return PosteriorNetwork.withParameters(net.spec(), Nd4j.create(p, new long[] {1, p.length}, DataType.DOUBLE));
  }

  private static double[] readDoubles(DataInputStream in, Path file) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > 1 << 28) {
      throw new IllegalArgumentException(file + ": not a discrete checkpoint (a block of " + n + " values)");
    }
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readDouble();
    }
    return v;
  }

  /** Samples and their metrics. */
  public record Evaluated(int[][] samples, Map<String, Object> metrics) {}

  /**
   * {@code n} samples from the source (the sampling stream) through the sampler, and their metrics: the NFE (one
   * posterior evaluation per step), the sampling time and the experiment's metrics ({@code eval.metrics}; by
   * default, when the data is a table: the KL from the samples' histogram to the table, infinite when a sample falls
   * off the support, the KL on the support, the mass off the support, the TV, and the KL on the support of as many
   * exact draws from the table, the plug-in floor).
   */
  public static Evaluated evaluate(DiscreteExperiment e, Posterior model, int n, List<double[][]> frames,
      List<Double> times) {
    MixturePath path = e.path();
    var rng = e.sampleRng();
    int[][] x0 = path.source().sample(n, e.data().length(), e.data().vocabulary(), rng);
    long t0 = System.nanoTime();
    int[][] x1 = sample(model, path, e.sampler(), x0, rng, frames, times);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", n);
    m.put("nfe", e.sampler().grid().length - 1);
    m.put("sample_s", seconds(t0));
    Evaluation.compute(e.metrics(), new TokenEvaluation(e, x1), m);
    return new Evaluated(x1, m);
  }

  /**
   * Runs the sampler in chunks of 10 000 rows from one generator, in order; {@code frames} (when not null) gets the
   * symbol-by-symbol counts of positions 0 and 1 at 9 times of the grid (every eighth of it).
   */
  public static int[][] sample(Posterior model, MixturePath path, DiscreteEulerSampler sampler, int[][] x0,
      org.flowmatch.core.Rng rng, List<double[][]> frames, List<Double> times) {
    int symbols = path.symbols();
    double[] grid = sampler.grid();
    int every = Math.max(1, (grid.length - 1) / 8);
    int[][] result = new int[x0.length][];
    for (int from = 0; from < x0.length; from += CHUNK) {
      int to = Math.min(x0.length, from + CHUNK);
      int[][] chunk = java.util.Arrays.copyOfRange(x0, from, to);
      int[] frame = {0};
      DiscreteEulerSampler.Observer observer = frames == null || x0[0].length != 2 ? null : (t, x) -> {
        int k = frame[0]++;
        if (k % every == 0 || k == grid.length - 1) {
          int slot = k / every + (k % every == 0 ? 0 : 1);
          while (frames.size() <= slot) {
            frames.add(new double[symbols][symbols]);
            times.add(t);
          }
          for (int[] p : x) {
            frames.get(slot)[p[1]][p[0]]++;
          }
        }
      };
      int[][] done = sampler.sample(model, path, chunk, rng, observer);
      System.arraycopy(done, 0, result, from, done.length);
    }
    return result;
  }

  /** One panel per frame: log10 counts in bins of 2 x 2 cells (the mask symbol, if any, in the edge bin). */
  public static List<Chart> histogramRow(List<double[][]> frames, List<Double> times, MixturePath path,
      String prefix) {
    List<Chart> row = new ArrayList<>();
    for (int k = 0; k < frames.size(); k++) {
      row.add(histogram(String.format(Locale.ROOT, "%st = %.3f", prefix, times.get(k)), frames.get(k),
          path.symbols(), path.symbols() > path.vocabulary()));
    }
    return row;
  }

  static Chart histogram(String title, double[][] counts, int symbols, boolean mask) {
    int bin = symbols > 32 ? 2 : 1;
    int bins = (symbols + bin - 1) / bin;
    double[][] v = new double[bins][bins];
    for (int j = 0; j < symbols; j++) {
      for (int i = 0; i < symbols; i++) {
        v[j / bin][i / bin] += counts[j][i];
      }
    }
    for (double[] row : v) {
      for (int i = 0; i < bins; i++) {
        row[i] = row[i] > 0 ? Math.log10(row[i]) : Double.NaN;
      }
    }
    return Chart.of(title).xRange(0, bin * bins).yRange(0, bin * bins).equalAspect()
        .xLabel(mask ? "x¹ (edge bin: mask)" : "x¹").yLabel(mask ? "x² (edge bin: mask)" : "x²")
        .heatMap(HeatMap.of(v, 0, bin * bins, 0, bin * bins).label("log₁₀ count" + (bin > 1 ? " per 2x2 cells" : "")));
  }

  static Chart lossChart(double[] losses, DiscreteExperiment e) {
    double[] step = new double[losses.length];
    double[] smooth = new double[losses.length];
    double s = 0;
    for (int i = 0; i < losses.length; i++) {
      step[i] = i + 1;
      s = i == 0 ? losses[i] : 0.98 * s + 0.02 * losses[i];
      smooth[i] = s;
    }
    return Chart.of("training loss (" + e.train().loss() + ")").xLabel("step").yLabel("loss")
        .add(Series.line("loss", step, losses).alpha(0.25).width(1))
        .add(Series.line("moving average", step, smooth).width(2));
  }

  /** samples.csv: one sequence per line, columns token0, token1, … */
  public static void writeSamples(Path file, int[][] samples) throws IOException {
    OutputFiles.DISK.write(file, samplesCsv(samples));
  }

  /** {@link #writeSamples}'s lines as file content. */
  static OutputFiles.Content samplesCsv(int[][] samples) {
    StringBuilder sb = new StringBuilder();
    int d = samples.length == 0 ? 0 : samples[0].length;
    for (int i = 0; i < d; i++) {
      sb.append(i == 0 ? "" : ",").append("token").append(i);
    }
    sb.append('\n');
    for (int[] x : samples) {
      for (int i = 0; i < d; i++) {
        sb.append(i == 0 ? "" : ",").append(x[i]);
      }
      sb.append('\n');
    }
    return OutputFiles.text(sb);
  }

  /** weights.bin's content: the flat parameters, as {@link #writeDoubles} writes them. */
  static OutputFiles.Content weights(PosteriorNetwork net) {
    return stream -> {
      DataOutputStream out = new DataOutputStream(stream);
      writeDoubles(out, net.params().castTo(DataType.DOUBLE).data().asDouble());
      out.flush();
    };
  }

  /** The model of a run: the network with its trained weights, or the exact posterior. */
  public static Posterior load(DiscreteExperiment e, RunDirectory run) throws IOException {
    Posterior model = e.newModel();
    if (!(model instanceof PosteriorNetwork net)) {
      return model;
    }
    Path file = run.resolve(WEIGHTS);
    if (!Files.exists(file)) {
      throw new IllegalArgumentException(run + ": no " + WEIGHTS + " (was training interrupted?)");
    }
    try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
      return readNetwork(in, file, net);
    }
  }

  /**
   * What a sample or evaluate command acts on: a run directory (its config and weights), or a config of the exact
   * model (nothing to train).
   *
   * @param experiment the experiment
   * @param model the posterior
   * @param run the run directory, or null for a config
   */
  public record Target(DiscreteExperiment experiment, Posterior model, RunDirectory run) {}

  public static Target target(Path runOrConfig, List<String> overrides) throws IOException {
    if (RunDirectory.isRun(runOrConfig)) {
      RunDirectory run = RunDirectory.open(runOrConfig);
      DiscreteExperiment e = DiscreteExperiment.build(ExperimentConfig.load(run.resolve(RunDirectory.CONFIG))
          .withOverrides(overrides));
      return new Target(e, load(e, run), run);
    }
    DiscreteExperiment e = DiscreteExperiment.build(ExperimentConfig.load(runOrConfig).withOverrides(overrides));
    if (e.trainable()) {
      throw new IllegalArgumentException(runOrConfig + ": model '" + e.resolved().get("model.type").orElse("")
          + "' must be trained first: run 'flowmatch train " + runOrConfig + "' and pass the run directory it prints");
    }
    return new Target(e, e.newModel(), null);
  }

  /** Whether a command's RUN|CONFIG argument is of the discrete family. */
  public static boolean handles(Path runOrConfig) {
    Path config = RunDirectory.isRun(runOrConfig) ? runOrConfig.resolve(RunDirectory.CONFIG) : runOrConfig;
    return Files.isRegularFile(config) && DiscreteExperiment.isDiscrete(ExperimentConfig.load(config));
  }

  private static double seconds(long t0) {
    return Math.round((System.nanoTime() - t0) / 1e6) / 1000.0;
  }

  private static double mean(double[] v, int from) {
    double s = 0;
    for (int i = from; i < v.length; i++) {
      s += v[i];
    }
    return s / Math.max(1, v.length - from);
  }
}
