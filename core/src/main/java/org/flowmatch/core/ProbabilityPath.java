package org.flowmatch.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A conditional probability path: given a source sample x0, a data sample x1 and a time t, the point x_t on the
 * path and the conditional target velocity u_t that conditional flow matching regresses onto.
 */
public interface ProbabilityPath {

  /** The registered name, for example {@code condot}. */
  String name();

  /**
   * x_t and u_t for every row.
   *
   * @param x0 source samples {@code [batch, dim]}
   * @param x1 data samples {@code [batch, dim]}
   * @param t times {@code [batch, 1]} in [0, 1]
   */
  PathSample sample(INDArray x0, INDArray x1, INDArray t);

  /**
   * x_t and u_t for every row, with the path's own noise (if it has any) drawn from {@code rng}. Training calls
   * this one. A path without noise draws nothing, which is the default: it is {@link #sample(INDArray, INDArray,
   * INDArray)}.
   */
  default PathSample sample(INDArray x0, INDArray x1, INDArray t, Rng rng) {
    return sample(x0, x1, t);
  }

  /**
   * Whether {@link #convert} is exact from {@code p} to the velocity. True for affine paths; a path with extra
   * noise (x_t = alpha_t x1 + sigma_t x0 + s_t eps) can only train a velocity, so a model predicting x1 or
   * epsilon must be refused before it is trained.
   */
  default boolean converts(Parameterization p) {
    return true;
  }

  /**
   * Converts a model output between parameterizations at {@code (xt, t)}.
   *
   * @param prediction what the model predicted {@code [batch, dim]}
   * @param from its parameterization
   * @param to the parameterization wanted
   * @param xt the states the prediction was made at {@code [batch, dim]}
   * @param t their times {@code [batch, 1]}
   * @return a new array {@code [batch, dim]}
   */
  INDArray convert(INDArray prediction, Parameterization from, Parameterization to, INDArray xt, INDArray t);

  /** The scheduler, when this path is affine (x_t = alpha_t x1 + sigma_t x0). */
  default Optional<Scheduler> scheduler() {
    return Optional.empty();
  }

  /**
   * A point on the path and its conditional target velocity.
   *
   * @param xt x_t {@code [batch, dim]}
   * @param ut u_t(x_t | x0, x1) {@code [batch, dim]}
   */
  record PathSample(INDArray xt, INDArray ut) {}
}
