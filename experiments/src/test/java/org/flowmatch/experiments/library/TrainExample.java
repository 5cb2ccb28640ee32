package org.flowmatch.experiments.library;

import org.flowmatch.core.Rng;
import org.flowmatch.experiments.config.ExperimentConfig;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.models.training.CfmTrainer;
import org.flowmatch.models.training.TrainableModel;
import org.flowmatch.models.training.TrainingState;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Training from Java, without a run directory: the trainer of a config, then samples from its EMA weights. */
public final class TrainExample {

  /** Trains for {@code steps} steps and returns 100 samples. */
  public static INDArray run(int steps) {
    Experiment experiment = Experiment.build(ExperimentConfig.parse("""
        data: {type: moons}
        model: {width: 32, depth: 2}
        solver: {type: euler, steps: 10}
        train: {steps: %d, log_every: 0}
        """.formatted(steps), "inline"));
    CfmTrainer trainer = experiment.trainer();
    TrainingState state = trainer.start((TrainableModel) experiment.model(), Rng.seeded(7));
    trainer.run(state, s -> { });
    TrainableModel trained = state.samplingModel(); // the moving average of the weights
    INDArray x0 = experiment.source().sample(100, Rng.seeded(8)).castTo(trained.parameters().dataType());
    return experiment.sampler().solve(trained, x0, 0, 1).finalState();
  }
}
