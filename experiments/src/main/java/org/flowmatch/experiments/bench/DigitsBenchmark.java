package org.flowmatch.experiments.bench;

import java.io.PrintStream;
import java.util.Locale;
import org.flowmatch.core.ClassifierFreeGuidance;
import org.flowmatch.core.ConditionalVelocityModel;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.OdeSolution;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.run.ThreadSettings;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.models.training.TrainingState;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The digits line of the speed benchmark: the shipped {@code experiments/configs/digits.yaml} (class-conditional MLP
 * on 64 pixels, its batch, path and solver), training steps per second, then 1000 samples of the ten classes in turn
 * at guidance weight w = 1. Guidance costs two model evaluations per step, v(x | c) and v(x | none); they are one
 * stacked evaluation of 2n rows ([x; x] with conditions [c; none]), so a step is one forward pass of twice the rows,
 * not two passes.
 */
public final class DigitsBenchmark {

  /**
   * @param trainStepsPerSecond training throughput after warm-up
   * @param guidedSeconds wall time of 1000 guided samples
   * @param unguidedSeconds wall time of the same 1000 samples without guidance (w = 0, one evaluation per step)
   * @param nfe the sampling solve's evaluations of the guided field (each one stacked model evaluation)
   */
  public record Result(double trainStepsPerSecond, double guidedSeconds, double unguidedSeconds, int nfe) {

    public String line() {
      return String.format(Locale.ROOT, "digits train_steps_per_s=%.1f guided_1000_s=%.3f unguided_1000_s=%.3f nfe=%d",
          trainStepsPerSecond, guidedSeconds, unguidedSeconds, nfe);
    }
  }

  private DigitsBenchmark() {}

  /** Trains {@code trainSteps} timed steps (after 20 warm-up steps) and samples 1000 guided digits. */
  public static Result run(ExperimentConfig digits, int trainSteps, PrintStream out) {
    ThreadSettings.setBlasThreads(1);
    Experiment e = Experiment.build(digits);
    CfmTrainer trainer = e.trainer();
    TrainingState state = trainer.start((TrainableModel) e.model(), Rng.seeded(0));
    for (int i = 0; i < 20; i++) {
      trainer.step(state);
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < trainSteps; i++) {
      trainer.step(state);
    }
    double rate = trainSteps / ((System.nanoTime() - t0) / 1e9);
    out.printf(Locale.ROOT, "digits training: %d steps of batch %d, %.1f steps/s%n", trainSteps,
        trainer.config().batchSize(), rate);

    ConditionalVelocityModel model = (ConditionalVelocityModel) state.samplingModel();
    int n = 1000;
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = i % 10;
    }
    VelocityModel guided = ClassifierFreeGuidance.of(model, Conditions.labels(labels, 10), 1.0);
    INDArray x0 = e.source().sample(n, Rng.seeded(1)).castTo(model.dataType());
    e.sampler().solve(ClassifierFreeGuidance.of(model, Conditions.labels(new int[] {0, 1}, 10), 1.0),
        x0.getRows(0, 1), 0, 1); // warm-up
    long u0 = System.nanoTime();
    e.sampler().solve(ClassifierFreeGuidance.of(model, Conditions.labels(labels, 10), 0), x0, 0, 1);
    double unguided = (System.nanoTime() - u0) / 1e9;
    long s0 = System.nanoTime();
    OdeSolution solution = e.sampler().solve(guided, x0, 0, 1);
    double seconds = (System.nanoTime() - s0) / 1e9;
    out.printf(Locale.ROOT, "digits sampling: 1000 samples at guidance 1, %s, %d evaluations of the guided field"
        + " (each one stacked model evaluation of 2000 rows), %.3f s; without guidance (1000 rows) %.3f s%n",
        e.sampler(), solution.nfe(), seconds, unguided);
    Result r = new Result(rate, seconds, unguided, solution.nfe());
    out.println(r.line());
    return r;
  }
}
