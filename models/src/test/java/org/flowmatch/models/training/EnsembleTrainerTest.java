package org.flowmatch.models.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.Rng;
import org.flowmatch.core.StandardGaussian;
import org.flowmatch.models.Parallelism;
import org.flowmatch.models.data.GaussianDatasets;
import org.flowmatch.models.mlp.Activation;
import org.flowmatch.models.mlp.MlpNetwork;
import org.flowmatch.models.mlp.MlpSpec;
import org.flowmatch.models.mlp.MlpVelocityModel;
import org.flowmatch.models.mlp.TimeEmbedding;
import org.flowmatch.models.ot.OtCoupling;
import org.flowmatch.paths.AffineProbabilityPath;
import org.flowmatch.paths.CondOTScheduler;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** Members of an ensemble end with the same bytes as the same trainings run one after another. */
class EnsembleTrainerTest {
  private static final int STEPS = 250; // several of EnsembleTrainer.piece (100) per member, so members change threads

  private static EnsembleTrainer.Member member(long seed) {
    Rng rng = Rng.seeded(seed);
    MlpSpec spec = new MlpSpec(2, 64, 3, Activation.SELU, TimeEmbedding.raw(), DataType.FLOAT,
        Parameterization.VELOCITY);
    MlpVelocityModel model = new MlpVelocityModel(MlpNetwork.initialize(spec, rng), null);
    CfmTrainer trainer = new CfmTrainer(new AffineProbabilityPath(new CondOTScheduler()), new StandardGaussian(2),
        GaussianDatasets.eightGaussians(), new OtCoupling(), TimeSampler.uniform(),
        new TrainConfig(STEPS, 128, LearningRateSchedule.constant(1e-2), 0.9, 0.999, 1e-8, 0, 0, 0.99, 0));
    return new EnsembleTrainer.Member(trainer, trainer.start(model, rng), TrainingListener.NONE);
  }

  @Test
  void membersAreBitIdenticalToSeparateTrainings() {
    long[] seeds = {0, 1, 2, 3, 4};
    List<float[]> alone = new ArrayList<>();
    for (long seed : seeds) {
      EnsembleTrainer.Member m = member(seed);
      m.trainer().run(m.state(), m.listener());
      alone.add(m.state().model().parameters().dup().data().asFloat());
    }
    List<EnsembleTrainer.Member> group = new ArrayList<>();
    for (long seed : seeds) {
      group.add(member(seed));
    }
    new EnsembleTrainer(Parallelism.of(2)).run(group);
    for (int i = 0; i < seeds.length; i++) {
      assertArrayEquals(alone.get(i), group.get(i).state().model().parameters().dup().data().asFloat(),
          "seed " + seeds[i]);
      assertEquals(STEPS, group.get(i).state().step(), "steps of seed " + seeds[i]);
    }
  }
}
