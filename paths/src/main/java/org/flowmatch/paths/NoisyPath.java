package org.flowmatch.paths;

import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Parameterization;
import org.flowmatch.core.ProbabilityPath;
import org.flowmatch.core.Rng;
import org.flowmatch.core.Scheduler;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A path with extra Gaussian noise: x_t = mu_t + s_t eps and u_t = mu'_t + s'_t eps, where mu_t and its target
 * come from the plain path and eps ~ N(0, I) is drawn per training row after the times (torchcfm's
 * {@code sample_xt} and {@code compute_conditional_flow}). With s_t = sigma constant on CondOT this is torchcfm's
 * {@code ConditionalFlowMatcher(sigma)}: x_t = t x1 + (1 - t) x0 + sigma eps, u_t = x1 - x0.
 *
 * <p>The noise makes E[x1 | x_t] and E[x0 | x_t] no longer determine the velocity, so only a velocity model can be
 * trained on it ({@link #converts}); and it is no longer the affine path of a scheduler, so {@link #scheduler()} is
 * empty (the exact mixture velocity does not apply). Without an Rng, {@link #sample(INDArray, INDArray, INDArray)}
 * gives the mean path (eps = 0).
 */
public final class NoisyPath implements ProbabilityPath {
  private final ProbabilityPath plain;
  private final PathNoise noise;

  public NoisyPath(ProbabilityPath plain, PathNoise noise) {
    if (plain == null || noise == null) {
      throw new IllegalArgumentException("the plain path and the noise must both be given");
    }
    this.plain = plain;
    this.noise = noise;
  }

  /** {@code plain} itself when the noise is zero, so that a zero {@code sigma} changes nothing, not even draws. */
  public static ProbabilityPath of(ProbabilityPath plain, PathNoise noise) {
    return noise.isZero() ? plain : new NoisyPath(plain, noise);
  }

  @Override
  public String name() {
    return plain.name();
  }

  /** The added noise's schedule. */
  public PathNoise noise() {
    return noise;
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t) {
    return plain.sample(x0, x1, t);
  }

  @Override
  public PathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
    PathSample mean = plain.sample(x0, x1, t);
    int rows = (int) x0.rows();
    int cols = (int) x0.columns();
    double[] times = NdArrays.toDoubles(t);
    double[] eps = new double[rows * cols];
    rng.fillGaussian(eps);
    double[] xt = NdArrays.toDoubles(mean.xt());
    double[] ut = NdArrays.toDoubles(mean.ut());
    for (int i = 0; i < rows; i++) {
      double s = noise.std(times[i]);
      double ds = derivative(times[i]);
      for (int j = i * cols; j < (i + 1) * cols; j++) {
        xt[j] += s * eps[j];
        ut[j] += ds * eps[j];
      }
    }
    return new PathSample(NdArrays.matrix(xt, rows, cols, x0.dataType()),
        NdArrays.matrix(ut, rows, cols, x0.dataType()));
  }

  @Override
  public INDArray convert(INDArray prediction, Parameterization from, Parameterization to, INDArray xt,
      INDArray t) {
    if (from != to) {
      throw new IllegalArgumentException("a path with noise " + noise + " cannot convert " + from.configName()
          + " to " + to.configName() + ": train a velocity model");
    }
    Checks.matrix(prediction, "prediction", -1, -1);
    return prediction.dup();
  }

  @Override
  public boolean converts(Parameterization p) {
    return p == Parameterization.VELOCITY;
  }

  @Override
  public Optional<Scheduler> scheduler() {
    return Optional.empty();
  }

  @Override
  public String toString() {
    return plain + " + noise " + noise;
  }

  /** s'_t, from the nearest interior time where it is infinite (s_t is zero there, as for the bridge at 0 and 1). */
  private double derivative(double t) {
    double d = noise.dStd(t);
    if (Double.isFinite(d)) {
      return d;
    }
    return noise.dStd(t >= 0.5 ? t - AffineProbabilityPath.ENDPOINT_OFFSET : t + AffineProbabilityPath.ENDPOINT_OFFSET);
  }
}
