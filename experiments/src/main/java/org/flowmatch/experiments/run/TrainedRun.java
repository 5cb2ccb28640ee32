package org.flowmatch.experiments.run;

import org.flowmatch.core.Distribution;
import org.flowmatch.core.OdeSolver;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.flowmatch.core.VelocityModel;
import org.flowmatch.experiments.wiring.Experiment;
import org.flowmatch.solvers.likelihood.LogLikelihood;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A trained run as the command line uses it: its experiment (rebuilt from the run's {@code config.yaml}) and its
 * model with the trained weights (the moving average when the run kept one). Get one from {@link Runs#load}.
 *
 * <p>{@link #model()} is the one to sample with; {@code experiment().model()} is the same network with fresh,
 * random weights, as every {@link Experiment#build} gives.
 *
 * @param experiment the run's components: data, source, path, solvers, settings
 * @param model the trained model (EMA weights), or the oracle of a run that had nothing to train
 * @param directory the run directory
 */
public record TrainedRun(Experiment experiment, VelocityModel model, RunDirectory directory) {

  /** The probability path the model was trained on. */
  public ProbabilityPath path() {
    return experiment.path();
  }

  /** The sampling solver of the run's config ({@code solver}). */
  public OdeSolver sampler() {
    return experiment.sampler();
  }

  /** The source distribution at t = 0. */
  public Distribution source() {
    return experiment.source();
  }

  /** The data distribution the model was trained on. */
  public Distribution data() {
    return experiment.data();
  }

  /**
   * {@code n} samples: {@code n} source points drawn from {@code Rng.seeded(seed)} and carried to t = 1 by the
   * sampling solver. {@code flowmatch sample RUN --n N --seed SEED} writes the same numbers.
   */
  public INDArray sample(int n, long seed) {
    return sample(n, Rng.seeded(seed));
  }

  /** {@code n} samples from source points drawn from {@code rng}. */
  public INDArray sample(int n, Rng rng) {
    INDArray x0 = source().sample(n, rng).castTo(model.dataType());
    return sampler().solve(model, x0, 0, 1).finalState();
  }

  /**
   * The log-likelihood of every row of {@code x} under the trained flow, with the run's likelihood solver and
   * divergence estimator ({@code likelihood} section); {@code seed} drives the Hutchinson probes, if any.
   */
  public LogLikelihood.Result logLikelihood(INDArray x, long seed) {
    return experiment.likelihood().compute(model, source(), x.castTo(model.dataType()), Rng.seeded(seed));
  }
}
