package org.flowmatch.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Coupling;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.LabelledGaussianMixture;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.models.ot.OtCoupling;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.flowmatch.solvers.ErrorControl;
import org.flowmatch.solvers.RungeKuttaSolver;
import org.flowmatch.solvers.Tableaus;
import org.flowmatch.solvers.likelihood.ExactDivergence;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Class-conditional training on a labelled 2-D mixture, judged by each class's exact density; and the
 * reproducibility of conditional training (condition dropout and within-class pairing draw from the training
 * generator).
 *
 * <p>The trained test's margin was calibrated on seeds 1, 2 and 3 (2 x 64 SiLU, Fourier time features, one-hot
 * class concatenated, 2000 steps of 256, uncond_prob 0.1), which reached per-class KL estimates of 0.048, 0.065
 * and 0.064 nats (class 0, bimodal), -0.006, -0.006 and -0.004 (class 1, one component) and 0.054, 0.068 and 0.064
 * (class 2, bimodal); class entropies 2.12, 1.79 and 2.19 nats.
 */
class ConditionalTrainingTest {
  private static final AffineProbabilityPath CONDOT = new AffineProbabilityPath(new CondOTScheduler());

  /** Three classes side by side, the outer two bimodal with unequal weights. */
  static LabelledGaussianMixture data() {
    GaussianMixture all = new GaussianMixture(new double[] {0.2, 0.15, 0.3, 0.2, 0.15},
        new double[][] {{-2.5, -1.5}, {-2.5, 1.5}, {0, 0}, {2.5, 1.5}, {2.5, -1.5}},
        new double[] {0.5, 0.5, 0.6, 0.5, 0.5});
    return new LabelledGaussianMixture(all, new int[] {0, 0, 1, 2, 2});
  }

  private static MlpSpec spec(int width) {
    return new MlpSpec(2, width, 2, Activation.SILU, TimeEmbedding.fourier(2), DataType.FLOAT,
        Parameterization.VELOCITY, Conditioning.classes(3));
  }

  private static CfmTrainer trainer(LabelledGaussianMixture data, Coupling coupling, int steps, int batch) {
    TrainConfig config = new TrainConfig(steps, batch, LearningRateSchedule.warmupCosine(3e-3, 100, 0.05), 0.9,
        0.999, 1e-8, 0, 1.0, 0.995, 0);
    return new CfmTrainer(CONDOT, new StandardGaussian(2), data, coupling, TimeSampler.uniform(), config);
  }

  private static TrainingState fresh(CfmTrainer trainer, int width, long seed) {
    Rng rng = Rng.seeded(seed);
    return trainer.start(new MlpVelocityModel(MlpNetwork.initialize(spec(width), rng), null), rng);
  }

  /**
   * Per class, the mean over exact class samples of log p(x | c) - log q(x | c) (a KL estimate) with q the
   * trained flow's conditional density, at most 0.15 nats (calibrated: see the class comment).
   */
  @Test
  void aConditionalMlpLearnsEachClassDensity() {
    LabelledGaussianMixture data = data();
    CfmTrainer trainer = trainer(data, new IndependentCoupling(), 2000, 256);
    TrainingState state = fresh(trainer, 64, 1);
    trainer.run(state, TrainingListener.NONE);
    MlpVelocityModel model = (MlpVelocityModel) state.samplingModel();
    double[] kl = perClassKl(data, model, Rng.seeded(21));
    for (int c = 0; c < 3; c++) {
      assertTrue(kl[c] > -0.03 && kl[c] < 0.15, "class " + c + ": KL estimate " + kl[c] + " nats");
    }
  }

  static double[] perClassKl(LabelledGaussianMixture data, MlpVelocityModel model, Rng rng) {
    LogLikelihood likelihood = new LogLikelihood(
        RungeKuttaSolver.adaptive(Tableaus.DOPRI5, 1e-5, 1e-5, ErrorControl.SHARED), new ExactDivergence());
    int n = 400;
    double[] kl = new double[3];
    for (int c = 0; c < 3; c++) {
      INDArray x = data.classMixture(c).sample(n, rng);
      Conditions given = Conditions.repeat(c, n, 3);
      double[] q = NdArrays.toDoubles(likelihood.compute(model.given(given), new StandardGaussian(2),
          x.castTo(DataType.FLOAT), rng).logLikelihood());
      double[] p = NdArrays.toDoubles(data.logDensity(x, given));
      for (int i = 0; i < n; i++) {
        kl[c] += (p[i] - q[i]) / n;
      }
      System.out.printf("class %d: KL estimate %.4f nats (class entropy %.3f)%n", c, kl[c],
          -java.util.Arrays.stream(p).average().orElseThrow());
    }
    return kl;
  }

  @Test
  void conditionalTrainingIsReproducibleAndResumesExactly(@TempDir Path dir) throws IOException {
    for (Coupling coupling : new Coupling[] {new IndependentCoupling(), new OtCoupling()}) {
      CfmTrainer trainer = trainer(data(), coupling, 40, 64);
      TrainingState whole = fresh(trainer, 16, 5);
      trainer.run(whole, TrainingListener.NONE);
      TrainingState again = fresh(trainer, 16, 5);
      trainer.run(again, TrainingListener.NONE);
      assertArrayEquals(whole.losses(), again.losses());

      TrainingState first = fresh(trainer, 16, 5);
      trainer.run(first, new TrainingListener() {
        @Override
        public void onStep(TrainingState state) {}

        @Override
        public boolean stopRequested() {
          return first.step() == 17;
        }
      });
      Map<String, String> metadata = new HashMap<>(trainer.setup(first.model()));
      assertEquals("classes:3", metadata.get(CfmTrainer.CONDITIONING_KEY));
      Path file = dir.resolve(coupling.name() + ".zip");
      Checkpoint.of(first, metadata).write(file);
      Checkpoint loaded = Checkpoint.read(file);
      MlpVelocityModel blank = new MlpVelocityModel(MlpNetwork.initialize(spec(16), Rng.seeded(99)), null);
      trainer.checkSetup(loaded.metadata(), blank, file);
      TrainingState resumed = loaded.restore(blank, trainer.config(), file);
      trainer.run(resumed, TrainingListener.NONE);
      assertArrayEquals(whole.losses(), resumed.losses(), coupling.name());
      assertArrayEquals(NdArrays.toDoubles(whole.model().parameters()),
          NdArrays.toDoubles(resumed.model().parameters()), coupling.name());

      metadata.put(CfmTrainer.CONDITIONING_KEY, "classes:4");
      CheckpointException e = assertThrows(CheckpointException.class,
          () -> trainer.checkSetup(metadata, blank, file));
      assertTrue(e.getMessage().contains("model.conditioning = classes:4"), e.getMessage());
    }
  }

  @Test
  void dropoutChangesTrainingAndAZeroDropoutNeverTrainsTheUnconditionalField() {
    LabelledGaussianMixture data = data();
    TrainConfig base = new TrainConfig(30, 64, LearningRateSchedule.constant(1e-3), 0.9, 0.999, 1e-8, 0, 0, 0, 0);
    double[][] losses = new double[2][];
    double[] p = {0.0, 0.5};
    for (int i = 0; i < 2; i++) {
      CfmTrainer trainer = new CfmTrainer(CONDOT, new StandardGaussian(2), data, new IndependentCoupling(),
          TimeSampler.uniform(), base.withUncondProb(p[i]));
      TrainingState s = fresh(trainer, 16, 3);
      trainer.run(s, TrainingListener.NONE);
      losses[i] = s.losses();
    }
    // Same draws up to the dropout flags: step 1's loss differs only through dropped conditions.
    assertTrue(losses[0][0] != losses[1][0], "dropping half the conditions changes the first loss");
  }

  @Test
  void aModelAndDataOfDifferentConditioningAreRejected() {
    CfmTrainer trainer = trainer(data(), new IndependentCoupling(), 10, 16);
    MlpSpec four = spec(8).withConditioning(Conditioning.classes(4));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> trainer.start(new MlpVelocityModel(MlpNetwork.initialize(four, Rng.seeded(1)), null), Rng.seeded(1)));
    assertTrue(e.getMessage().contains("classes:4") && e.getMessage().contains("classes:3"), e.getMessage());
  }
}
