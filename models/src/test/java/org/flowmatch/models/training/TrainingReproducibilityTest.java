package org.flowmatch.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.GaussianMixture;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.flowmatch.models.ot.IndependentCoupling;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The same seed gives the same bytes; a resumed training is indistinguishable from an uninterrupted one. */
class TrainingReproducibilityTest {
  private static final MlpSpec SPEC = new MlpSpec(2, 32, 2, Activation.SILU, TimeEmbedding.fourier(2),
      DataType.FLOAT, Parameterization.VELOCITY);

  private static CfmTrainer trainer(int steps) {
    GaussianMixture data = new GaussianMixture(new double[] {1, 1},
        new double[][] {{-2, 0}, {2, 1}}, new double[] {0.3, 0.5});
    TrainConfig config = new TrainConfig(steps, 64, LearningRateSchedule.warmupCosine(3e-3, 5, 0.1), 0.9, 0.999,
        1e-8, 1e-4, 1.0, 0.99, 0);
    return new CfmTrainer(new AffineProbabilityPath(new CondOTScheduler()), new StandardGaussian(2), data,
        new IndependentCoupling(), TimeSampler.logitNormal(0, 1), config);
  }

  private static TrainingState fresh(CfmTrainer trainer, long seed) {
    Rng rng = Rng.seeded(seed);
    MlpVelocityModel model = new MlpVelocityModel(MlpNetwork.initialize(SPEC, rng), null);
    return trainer.start(model, rng);
  }

  @Test
  void sameSeedGivesBitIdenticalWeights() {
    CfmTrainer trainer = trainer(40);
    TrainingState a = fresh(trainer, 7);
    TrainingState b = fresh(trainer, 7);
    trainer.run(a, TrainingListener.NONE);
    trainer.run(b, TrainingListener.NONE);
    assertArrayEquals(a.losses(), b.losses());
    assertArrayEquals(NdArrays.toDoubles(a.model().parameters()), NdArrays.toDoubles(b.model().parameters()));
    assertArrayEquals(NdArrays.toDoubles(a.ema()), NdArrays.toDoubles(b.ema()));

    TrainingState c = fresh(trainer, 8);
    trainer.run(c, TrainingListener.NONE);
    assertFalse(Arrays.equals(a.losses(), c.losses()), "another seed trains differently");
  }

  @Test
  void resumedTrainingMatchesAnUninterruptedOne(@TempDir Path dir) throws IOException {
    CfmTrainer trainer = trainer(60);
    TrainingState whole = fresh(trainer, 11);
    trainer.run(whole, TrainingListener.NONE);

    TrainingState first = fresh(trainer, 11);
    trainer.run(first, new TrainingListener() {
      @Override
      public void onStep(TrainingState state) {}

      @Override
      public boolean stopRequested() {
        return first.step() == 25;
      }
    });
    assertEquals(25, first.step());
    Path file = dir.resolve("checkpoint.zip");
    Checkpoint.of(first, Map.of("config", "seed: 11\n")).write(file);

    Checkpoint loaded = Checkpoint.read(file);
    assertEquals("seed: 11\n", loaded.metadata().get("config"));
    MlpVelocityModel blank = new MlpVelocityModel(MlpNetwork.initialize(SPEC, Rng.seeded(999)), null);
    TrainingState resumed = loaded.restore(blank, trainer.config(), file);
    trainer.run(resumed, TrainingListener.NONE);

    assertArrayEquals(whole.losses(), resumed.losses());
    assertArrayEquals(NdArrays.toDoubles(whole.model().parameters()),
        NdArrays.toDoubles(resumed.model().parameters()));
    assertArrayEquals(NdArrays.toDoubles(whole.ema()), NdArrays.toDoubles(resumed.ema()));
    assertArrayEquals(whole.rng().state(), resumed.rng().state());
  }

  @Test
  void theSameStateWritesTheSameBytes(@TempDir Path dir) throws IOException {
    CfmTrainer trainer = trainer(10);
    TrainingState a = fresh(trainer, 3);
    TrainingState b = fresh(trainer, 3);
    trainer.run(a, TrainingListener.NONE);
    trainer.run(b, TrainingListener.NONE);
    Checkpoint.of(a, Map.of("k", "v")).write(dir.resolve("a.zip"));
    Checkpoint.of(b, Map.of("k", "v")).write(dir.resolve("b.zip"));
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.zip")), Files.readAllBytes(dir.resolve("b.zip")));
  }

  @Test
  void badCheckpointsNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
    Path missing = dir.resolve("missing.zip");
    CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.read(missing));
    assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"),
        e.getMessage());

    CfmTrainer trainer = trainer(5);
    TrainingState state = fresh(trainer, 1);
    trainer.run(state, TrainingListener.NONE);
    Path good = dir.resolve("good.zip");
    Checkpoint.of(state, Map.of()).write(good);
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.zip");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
    e = assertThrows(CheckpointException.class, () -> Checkpoint.read(truncated));
    assertTrue(e.getMessage().contains(truncated.toString()) && e.getMessage().contains("truncated"),
        e.getMessage());

    Path garbage = dir.resolve("garbage.zip");
    Files.writeString(garbage, "not a checkpoint");
    e = assertThrows(CheckpointException.class, () -> Checkpoint.read(garbage));
    assertTrue(e.getMessage().contains(garbage.toString()), e.getMessage());

    MlpSpec wider = new MlpSpec(2, 48, 2, Activation.SILU, TimeEmbedding.fourier(2), DataType.FLOAT,
        Parameterization.VELOCITY);
    MlpVelocityModel other = new MlpVelocityModel(MlpNetwork.initialize(wider, Rng.seeded(1)), null);
    Checkpoint loaded = Checkpoint.read(good);
    e = assertThrows(CheckpointException.class, () -> loaded.restore(other, trainer.config(), good));
    assertTrue(e.getMessage().contains("parameters but the configured model has"), e.getMessage());
  }
}
