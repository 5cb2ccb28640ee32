package org.flowmatch.experiments.discrete;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.flowmatch.core.Rng;
import org.flowmatch.discrete.ConvexScheduler;
import org.flowmatch.discrete.DiscreteEulerSampler;
import org.flowmatch.discrete.DiscreteLoss;
import org.flowmatch.discrete.MixturePath;
import org.flowmatch.discrete.Posterior;
import org.flowmatch.discrete.PosteriorNetwork;
import org.flowmatch.discrete.PosteriorTrainer;
import org.flowmatch.discrete.TokenHistogram;
import org.flowmatch.discrete.TokenSource;
import org.flowmatch.discrete.TokenTable;
import org.flowmatch.experiments.plot.Chart;
import org.flowmatch.experiments.plot.Panels;
import org.flowmatch.experiments.plot.Series;
import org.flowmatch.experiments.run.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.flowmatch.models.files.OutputFiles;

/**
 * flow_matching's 2-D discrete example (examples/2d_discrete_flow_matching.ipynb): the checkerboard on a 128 x 128
 * grid as D = 2 tokens with V = 128, the mixture path with kappa = t^2, a uniform or a mask source. For each source
 * it trains the DL4J posterior, samples it with the discrete Euler sampler, samples the exact posterior of the
 * table the same way (the sampler's own error), and writes the figures and the metrics: KL from the samples'
 * histogram to the table, the mass off the support, and the same figures for exact draws from the table.
 *
 * <p>Arguments are key=value: source (uniform, mask or both), train_steps, batch, lr, loss (cross-entropy or
 * generalized-kl), input (embedding or one-hot), width, depth, samples, steps, seed, out.
 */
public final class DiscreteCheckerboard {
  private DiscreteCheckerboard() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> a = new LinkedHashMap<>(Map.of("source", "both", "train_steps", "3000", "batch", "1024",
        "lr", "0.001", "loss", "generalized-kl", "input", "embedding", "width", "128", "depth", "3", "samples",
        "100000", "steps", "64"));
    a.put("seed", "1");
    a.put("out", "runs/discrete-checkerboard");
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (eq < 0 || !a.containsKey(arg.substring(0, eq))) {
        System.err.println("discrete-checkerboard: unknown argument '" + arg + "'; keys: " + a.keySet());
        System.exit(2);
      }
      a.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    Path out = Path.of(a.get("out"));
    Files.createDirectories(out);
    List<String> sources = a.get("source").equals("both") ? List.of("uniform", "mask") : List.of(a.get("source"));
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("arguments", a);
    TokenTable table = TokenTable.checkerboard(128, 4);
    int n = Integer.parseInt(a.get("samples"));
    long seed = Long.parseLong(a.get("seed"));
    metrics.put("exact draws", scores(table, table.sample(n, Rng.seeded(seed + 1000))));
    for (String name : sources) {
      metrics.put(name, run(name, table, a, out));
    }
    String json = Json.write(metrics);
    OutputFiles.DISK.write(out.resolve("metrics.json"), json);
    System.out.println(json);
  }

  private static Map<String, Object> run(String name, TokenTable table, Map<String, String> a, Path out)
      throws IOException {
    TokenSource source = name.equals("mask") ? TokenSource.mask() : TokenSource.uniform();
    MixturePath path = new MixturePath(ConvexScheduler.polynomial(2), source, 128);
    long seed = Long.parseLong(a.get("seed"));
    Rng root = Rng.seeded(seed);
    Rng init = root.split();
    Rng train = root.split();
    Rng sample = root.split();
    int width = Integer.parseInt(a.get("width"));
    PosteriorNetwork net = PosteriorNetwork.initialize(new PosteriorNetwork.Spec(2, 128, path.symbols(),
        PosteriorNetwork.Input.named(a.get("input")), width, width, Integer.parseInt(a.get("depth")),
        DataType.FLOAT), init);
    DiscreteLoss loss = a.get("loss").equals("cross-entropy") ? DiscreteLoss.crossEntropy()
        : DiscreteLoss.generalizedKl();
    int steps = Integer.parseInt(a.get("train_steps"));
    long start = System.nanoTime();
    double[] losses = PosteriorTrainer.train(net, table, path, new PosteriorTrainer.Settings(steps,
        Integer.parseInt(a.get("batch")), Double.parseDouble(a.get("lr")), 1e-3, loss), train,
        (step, value) -> {
          if ((step + 1) % 500 == 0) {
            System.err.printf(Locale.ROOT, "%s: step %d loss %.4f%n", name, step + 1, value);
          }
        });
    double trainSeconds = (System.nanoTime() - start) / 1e9;

    int n = Integer.parseInt(a.get("samples"));
    DiscreteEulerSampler sampler = DiscreteEulerSampler.steps(Integer.parseInt(a.get("steps")));
    int[][] x0 = source.sample(n, 2, 128, sample.copy());
    start = System.nanoTime();
    List<double[][]> netFrames = new ArrayList<>();
    List<Double> frameTimes = new ArrayList<>();
    int[][] netSamples = DiscreteRunner.sample(net, path, sampler, x0, sample.copy(), netFrames, frameTimes);
    double sampleSeconds = (System.nanoTime() - start) / 1e9;
    List<double[][]> exactFrames = new ArrayList<>();
    int[][] exactSamples = DiscreteRunner.sample(table.posterior(path), path, sampler, x0, sample.copy(), exactFrames,
        new ArrayList<>());

    Map<String, Object> m = new LinkedHashMap<>();
    m.put("train seconds", trainSeconds);
    m.put("sample seconds", sampleSeconds);
    m.put("final loss (mean of last 100)", mean(losses, Math.max(0, losses.length - 100)));
    m.put("network", scores(table, netSamples));
    m.put("exact posterior", scores(table, exactSamples));

    Panels.write(out.resolve("histograms-" + name + ".png"),
        DiscreteRunner.histogramRow(netFrames, frameTimes, path, ""), netFrames.size(), 300, 300);
    Panels.write(out.resolve("histograms-exact-" + name + ".png"),
        DiscreteRunner.histogramRow(exactFrames, frameTimes, path, "exact posterior, "), exactFrames.size(), 300,
        300);
    double[] step = new double[losses.length];
    double[] smooth = new double[losses.length];
    double s = 0;
    for (int i = 0; i < losses.length; i++) {
      step[i] = i + 1;
      s = i == 0 ? losses[i] : 0.98 * s + 0.02 * losses[i];
      smooth[i] = s;
    }
    Chart lossChart = Chart.of("training loss (" + loss + ", " + name + " source)").xLabel("step").yLabel("loss")
        .add(Series.line("loss", step, losses).alpha(0.25).width(1))
        .add(Series.line("moving average", step, smooth).width(2));
    Panels.write(out.resolve("loss-" + name + ".png"), List.of(lossChart), 1, 520, 360);
    return m;
  }

  /** KL to the table (fine and on the 4 x 4 squares), mass off the support, TV. */
  static Map<String, Object> scores(TokenTable table, int[][] samples) {
    TokenHistogram h = TokenHistogram.of(samples, 128, 2);
    int[][] coarse = new int[samples.length][];
    for (int r = 0; r < samples.length; r++) {
      coarse[r] = new int[] {Math.min(samples[r][0], 128) / 32, Math.min(samples[r][1], 128) / 32};
    }
    TokenHistogram squares = TokenHistogram.of(coarse, 4, 2);
    TokenTable board = TokenTable.checkerboard(4, 4);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("samples", samples.length);
    m.put("off-support mass", h.offSupport(table));
    m.put("KL on support (nats)", h.klOnSupport(table));
    m.put("KL (nats)", h.kl(table));
    m.put("TV", h.tv(table));
    m.put("KL of the 4x4 squares (nats)", squares.klOnSupport(board));
    return m;
  }

  private static double mean(double[] v, int from) {
    double s = 0;
    for (int i = from; i < v.length; i++) {
      s += v[i];
    }
    return s / (v.length - from);
  }
}
