package org.flowmatch.experiments.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.experiments.run.ThreadSettings;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.data.GaussianDatasets;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.models.ot.OtCoupling;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.EnsembleTrainer;
import org.flowmatch.models.training.LearningRateSchedule;
import org.flowmatch.models.training.TimeSampler;
import org.flowmatch.models.training.TrainConfig;
import org.flowmatch.models.training.TrainingListener;
import org.flowmatch.models.training.TrainingState;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The speed benchmark: the workloads of {@code experiments/bench/torch_reference.py}, each ending in one
 * {@code key=value} line of the same form on both sides, which {@code experiments/bench/compare.sh} reads.
 *
 * <ul>
 *   <li>{@code small}: torchcfm's 2-D benchmark network, 3 x 64 SELU on (x, t), batch 256, eight Gaussians from
 *       N(0, I), independent coupling, Adam(1e-3): training steps/s.
 *   <li>{@code otcfm}: the same with the exact minibatch OT coupling.
 *   <li>{@code otplan}: the exact OT plan alone (squared-distance cost matrix and assignment) for 256 and 512 points
 *       of N(0, I) against eight Gaussians: milliseconds per plan.
 *   <li>{@code reference}: MLP 3 -> 256 -> 256 -> 256 -> 2 with SiLU, batch 512 on N((2, 2), 0.25 I): training
 *       steps/s, then 100 Euler steps for 10,000 samples; resident memory.
 *   <li>{@code ensemble} (flowmatch only, not in the default list): five seeds of the {@code small} workload, each
 *       trained for the timed steps one after another, then together by {@link EnsembleTrainer}, then one after
 *       another on one thread, alternating three times in one warm JVM: seconds each way (medians), the ratio of the
 *       first two, and the bound the third sets on it.
 * </ul>
 *
 * <p>Every ND4J op runs on one thread (OpenBLAS's threads are set to 1 here; the launcher sets OMP_NUM_THREADS=1),
 * and the network splits each batch into row blocks on {@link Parallelism#threads()} cores.
 */
public final class SpeedBenchmark {
  /** The workloads, in the order they run. */
  public static final List<String> WORKLOADS = List.of("small", "otcfm", "otplan", "reference");
  /** Workloads that run only when named (no PyTorch counterpart). */
  public static final List<String> EXTRA_WORKLOADS = List.of("ensemble");

  private SpeedBenchmark() {}

  /**
   * Runs the chosen workloads, printing each one's {@code key=value} line (and the reference workload's memory
   * readings) to {@code out}.
   *
   * @param trainSteps timed training steps (after the warm-up, {@link #WARM_UP_STEPS} and {@link #WARM_UP_SECONDS})
   * @param memorySteps total training steps of the reference workload before the last memory reading (0: none
   *     beyond the timed run)
   * @param workloads a subset of {@link #WORKLOADS} and {@link #EXTRA_WORKLOADS}
   */
  public static void run(int trainSteps, int memorySteps, Set<String> workloads, PrintStream out) {
    ThreadSettings.setBlasThreads(1);
    int threads = Parallelism.shared().threads();
    String suffix = String.format(Locale.ROOT, " threads=%d", threads);
    if (workloads.contains("small")) {
      out.println(String.format(Locale.ROOT, "flowmatch workload=small train_steps_per_s=%.1f",
          trainSmall(new IndependentCoupling(), trainSteps)) + suffix);
    }
    if (workloads.contains("otcfm")) {
      out.println(String.format(Locale.ROOT, "flowmatch workload=otcfm train_steps_per_s=%.1f",
          trainSmall(new OtCoupling(), trainSteps)) + suffix);
    }
    if (workloads.contains("otplan")) {
      out.println(String.format(Locale.ROOT, "flowmatch workload=otplan plan256_ms=%.3f plan512_ms=%.3f",
          planMillis(256), planMillis(512)) + suffix);
    }
    if (workloads.contains("reference")) {
      double[] reference = reference(trainSteps, memorySteps, out);
      out.println(String.format(Locale.ROOT,
          "flowmatch workload=reference train_steps_per_s=%.1f sample_10k_euler100_s=%.3f", reference[0],
          reference[1]) + suffix);
    }
    if (workloads.contains("ensemble")) {
      double[] seconds = ensemble(trainSteps);
      // The most any grouping can gain: the members' work on one thread alone, spread perfectly over the threads.
      double bound = seconds[0] / (seconds[2] / threads);
      out.println(String.format(Locale.ROOT, "flowmatch workload=ensemble seeds=%d separate_s=%.3f ensemble_s=%.3f"
          + " speedup=%.2f one_thread_s=%.3f bound=%.2f", ENSEMBLE_SEEDS, seconds[0], seconds[1],
          seconds[0] / seconds[1], seconds[2], bound) + suffix);
    }
  }

  static final int ENSEMBLE_SEEDS = 5;

  /**
   * Seconds for {@link #ENSEMBLE_SEEDS} trainings of the small network one after another, then as one ensemble, then
   * one after another on one thread (medians of three alternating rounds, after a warm-up round of each).
   *
   * <p>The third figure bounds the second: a member's step on one thread is the least work it can be (no hand-offs),
   * so no grouping on T threads finishes before a T-th of it. Where a lone training already uses both cores of a
   * 2-core machine, that bound is below 2x (docs/performance.md).
   */
  static double[] ensemble(int steps) {
    List<Double> separate = new ArrayList<>();
    List<Double> together = new ArrayList<>();
    List<Double> oneThread = new ArrayList<>();
    EnsembleTrainer ensemble = new EnsembleTrainer(Parallelism.shared());
    for (int round = 0; round < 4; round++) {
      // Every group built before the clock starts, so that each way times training alone.
      List<EnsembleTrainer.Member> inTurn = ensembleMembers(steps);
      List<EnsembleTrainer.Member> grouped = ensembleMembers(steps);
      List<EnsembleTrainer.Member> single = ensembleMembers(steps);
      long t0 = System.nanoTime();
      trainInTurn(inTurn);
      long t1 = System.nanoTime();
      ensemble.run(grouped);
      long t2 = System.nanoTime();
      onOneThread(single);
      long t3 = System.nanoTime();
      if (round > 0) {
        separate.add((t1 - t0) / 1e9);
        together.add((t2 - t1) / 1e9);
        oneThread.add((t3 - t2) / 1e9);
      }
    }
    return new double[] {median(separate), median(together), median(oneThread)};
  }

  private static void trainInTurn(List<EnsembleTrainer.Member> members) {
    for (EnsembleTrainer.Member m : members) {
      m.trainer().run(m.state(), m.listener());
    }
  }

  /**
   * {@link #trainInTurn} with every network on one thread: an empty second part holds the shared workers, so that
   * the networks, finding them busy, compute all their row blocks on the thread that trains.
   */
  private static void onOneThread(List<EnsembleTrainer.Member> members) {
    Parallelism.shared().run(2, part -> {
      if (part == 0) {
        trainInTurn(members);
      }
    });
  }

  private static List<EnsembleTrainer.Member> ensembleMembers(int steps) {
    List<EnsembleTrainer.Member> members = new ArrayList<>();
    for (int seed = 0; seed < ENSEMBLE_SEEDS; seed++) {
      Rng rng = Rng.seeded(seed);
      CfmTrainer trainer = trainer(GaussianDatasets.eightGaussians(), new IndependentCoupling(), 256, steps);
      members.add(new EnsembleTrainer.Member(trainer, trainer.start(smallNetwork(rng), rng), TrainingListener.NONE));
    }
    return members;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** torchcfm's 2-D network: 3 x 64 SELU on (x, t), batch 256 on eight Gaussians; training steps/s. */
  static double trainSmall(Coupling coupling, int steps) {
    Rng rng = Rng.seeded(0);
    CfmTrainer trainer = trainer(GaussianDatasets.eightGaussians(), coupling, 256, Integer.MAX_VALUE / 2);
    return timeSteps(trainer, trainer.start(smallNetwork(rng), rng), steps);
  }

  /** torchcfm's 2-D network, 3 x 64 SELU on (x, t), initialised from {@code rng}. */
  private static MlpVelocityModel smallNetwork(Rng rng) {
    MlpSpec spec = new MlpSpec(2, 64, 3, Activation.SELU, TimeEmbedding.raw(), DataType.FLOAT,
        Parameterization.VELOCITY);
    return new MlpVelocityModel(MlpNetwork.initialize(spec, rng), null);
  }

  private static CfmTrainer trainer(Distribution data, Coupling coupling, int batch, int steps) {
    TrainConfig config = new TrainConfig(steps, batch, LearningRateSchedule.constant(1e-3), 0.9, 0.999, 1e-8, 0, 0,
        0, 0);
    return new CfmTrainer(new AffineProbabilityPath(new CondOTScheduler()), new StandardGaussian(2), data, coupling,
        TimeSampler.uniform(), config);
  }

  /**
   * Warm-up before the clock starts: at least this many steps, and at least {@link #WARM_UP_SECONDS}. The JIT
   * compiles the array kernel's vector loops and the assignment solver only after many calls and runs them as slow
   * Java fallbacks until then: in one JVM, five successive trainings of 300 steps of the small network took 4.97,
   * 2.18, 2.04 and 0.92 s per group as C2 caught up (PyTorch's script warms up 50 steps, which is all its fixed
   * kernels need). Both sides are timed in their steady state.
   */
  static final int WARM_UP_STEPS = 200;
  static final double WARM_UP_SECONDS = 4;

  private static double timeSteps(CfmTrainer trainer, TrainingState state, int steps) {
    long w0 = System.nanoTime();
    for (int i = 0; i < WARM_UP_STEPS || (System.nanoTime() - w0) / 1e9 < WARM_UP_SECONDS; i++) {
      trainer.step(state);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < steps; i++) {
      trainer.step(state);
    }
    return steps / ((System.nanoTime() - t0) / 1e9);
  }

  /** Milliseconds per exact plan (cost matrix included) of n points of N(0, I) against eight Gaussians. */
  static double planMillis(int n) {
    Rng rng = Rng.seeded(1);
    OtCoupling ot = new OtCoupling();
    Distribution data = GaussianDatasets.eightGaussians();
    StandardGaussian source = new StandardGaussian(2);
    int plans = Math.max(20, 20_000 / n);
    INDArray[][] batches = new INDArray[plans][];
    for (int i = 0; i < plans; i++) {
      batches[i] = new INDArray[] {source.sample(n, rng), data.sample(n, rng)};
    }
    for (int i = 0; i < plans; i++) {
      ot.pair(batches[i][0], batches[i][1], rng); // warm-up
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < plans; i++) {
      ot.pair(batches[i][0], batches[i][1], rng);
    }
    return (System.nanoTime() - t0) / 1e6 / plans;
  }

  /** The reference workload: returns {steps/s, sampling seconds}; prints the memory readings. */
  private static double[] reference(int trainSteps, int memorySteps, PrintStream out) {
    List<Long> rss = new ArrayList<>(List.of(residentBytes()));
    Rng rng = Rng.seeded(0);
    MlpVelocityModel model = new MlpVelocityModel(MlpNetwork.initialize(MlpSpec.reference(2), rng), null);
    GaussianMixture data = new GaussianMixture(new double[] {1}, new double[][] {{2, 2}}, new double[] {0.5});
    CfmTrainer trainer = trainer(data, new IndependentCoupling(), 512, Integer.MAX_VALUE / 2);
    TrainingState state = trainer.start(model, rng);
    double trainRate = timeSteps(trainer, state, trainSteps);
    out.printf(Locale.ROOT, "reference training: %d steps, %.1f steps/s, loss %.4f%n", trainSteps, trainRate,
        state.lastLoss());

    OdeSolver euler = RungeKuttaSolver.fixed(Tableaus.EULER, 100);
    INDArray x0 = new StandardGaussian(2).sample(10_000, rng).castTo(DataType.FLOAT);
    euler.solve(model, x0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), 0, 1); // warm-up
    long s0 = System.nanoTime();
    INDArray samples = euler.solve(model, x0, 0, 1).finalState();
    double sampleSeconds = (System.nanoTime() - s0) / 1e9;
    out.printf(Locale.ROOT, "reference sampling: 10,000 samples, 100 Euler steps, %.3f s; sample mean %s (data mean"
        + " [2, 2])%n", sampleSeconds, Arrays.toString(samples.mean(0).toDoubleVector()));

    rss.add(residentBytes());
    StringBuilder memory = new StringBuilder(String.format(Locale.ROOT,
        "resident memory (MiB): %.0f at start, %.0f after sampling allocated its buffers", rss.get(0) / 1048576.0,
        rss.get(rss.size() - 1) / 1048576.0));
    int end = state.step() + Math.max(0, memorySteps - trainSteps);
    while (state.step() < end) {
      trainer.step(state);
      if (state.step() % 5000 == 0 || state.step() == end) {
        rss.add(residentBytes());
        memory.append(String.format(Locale.ROOT, ", %.0f after %d steps", rss.get(rss.size() - 1) / 1048576.0,
            state.step()));
      }
    }
    out.println(memory);
    return new double[] {trainRate, sampleSeconds};
  }

  /** The resident set size of this process, from /proc (0 where there is none). */
  static long residentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return 0;
    }
    return 0;
  }
}
