package org.flowmatch.experiments.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.experiments.run.ThreadSettings;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.LearningRateSchedule;
import org.flowmatch.models.training.TimeSampler;
import org.flowmatch.models.training.TrainConfig;
import org.flowmatch.models.training.TrainingState;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The speed benchmark of the reference configuration, the same as {@code shared/bench/torch_reference.py}: MLP
 * 3 -> 256 -> 256 -> 256 -> 2 with SiLU on (x, t), float32, Adam(1e-3), batch 512 on the linear path with data
 * N((2, 2), 0.25 I); then 100 Euler steps for 10,000 samples. It ends with one line in the reference script's form.
 *
 * <p>Every ND4J op runs on one thread (OpenBLAS's threads are set to 1 here; the launcher sets OMP_NUM_THREADS=1),
 * and the network splits each batch into row blocks on {@link Parallelism#threads()} cores.
 */
public final class SpeedBenchmark {

  /**
   * @param trainStepsPerSecond training throughput after warm-up
   * @param sampleSeconds wall time of 100 Euler steps for 10,000 samples
   * @param threads flowmatch's worker threads (each ND4J op itself runs on one thread)
   * @param rss resident memory readings: at start, after sampling allocated its buffers, then every 5000 steps
   */
  public record Result(double trainStepsPerSecond, double sampleSeconds, int threads, List<Long> rss) {

    /** The line the comparison script reads. */
    public String line() {
      return String.format(Locale.ROOT, "flowmatch train_steps_per_s=%.1f sample_10k_euler100_s=%.3f threads=%d",
          trainStepsPerSecond, sampleSeconds, threads);
    }
  }

  private SpeedBenchmark() {}

  /**
   * Runs the benchmark.
   *
   * @param trainSteps timed training steps (after 50 warm-up steps)
   * @param memorySteps total training steps before the second memory reading (0: none beyond the timed run)
   */
  public static Result run(int trainSteps, int memorySteps, PrintStream out) {
    ThreadSettings.setBlasThreads(1);
    List<Long> rss = new ArrayList<>(List.of(residentBytes()));
    Rng rng = Rng.seeded(0);
    MlpSpec spec = MlpSpec.reference(2);
    MlpVelocityModel model = new MlpVelocityModel(MlpNetwork.initialize(spec, rng), null);
    GaussianMixture data = new GaussianMixture(new double[] {1}, new double[][] {{2, 2}}, new double[] {0.5});
    int total = 50 + Math.max(trainSteps, memorySteps);
    TrainConfig config = new TrainConfig(total, 512, LearningRateSchedule.constant(1e-3), 0.9, 0.999, 1e-8, 0, 0,
        0, 0);
    CfmTrainer trainer = new CfmTrainer(new AffineProbabilityPath(new CondOTScheduler()), new StandardGaussian(2),
        data, new IndependentCoupling(), TimeSampler.uniform(), config);
    TrainingState state = trainer.start(model, rng);
    for (int i = 0; i < 50; i++) {
      trainer.step(state);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < trainSteps; i++) {
      trainer.step(state);
    }
    double trainRate = trainSteps / ((System.nanoTime() - t0) / 1e9);
    out.printf(Locale.ROOT, "training: %d steps, %.1f steps/s, loss %.4f%n", trainSteps, trainRate,
        state.lastLoss());

    OdeSolver euler = RungeKuttaSolver.fixed(Tableaus.EULER, 100);
    INDArray x0 = new StandardGaussian(2).sample(10_000, rng).castTo(DataType.FLOAT);
    euler.solve(model, x0.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1000),
        org.nd4j.linalg.indexing.NDArrayIndex.all()).dup(), 0, 1); // warm-up
    long s0 = System.nanoTime();
    INDArray samples = euler.solve(model, x0, 0, 1).finalState();
    double sampleSeconds = (System.nanoTime() - s0) / 1e9;
    out.printf(Locale.ROOT, "sampling: 10,000 samples, 100 Euler steps, %.3f s; sample mean %s (data mean [2, 2])%n",
        sampleSeconds, Arrays.toString(samples.mean(0).toDoubleVector()));

    rss.add(residentBytes());
    StringBuilder memory = new StringBuilder(String.format(Locale.ROOT,
        "resident memory (MiB): %.0f at start, %.0f after sampling allocated its buffers", rss.get(0) / 1048576.0,
        rss.get(1) / 1048576.0));
    while (state.step() < total) {
      trainer.step(state);
      if (state.step() % 5000 == 0 || state.step() == total) {
        rss.add(residentBytes());
        memory.append(String.format(Locale.ROOT, ", %.0f after %d steps", rss.get(rss.size() - 1) / 1048576.0,
            state.step()));
      }
    }
    out.println(memory);
    Result result = new Result(trainRate, sampleSeconds, Parallelism.shared().threads(), List.copyOf(rss));
    out.println(result.line());
    return result;
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
