package org.flowmatch.models.training;

import java.util.Arrays;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything that changes during training: the model's parameters (inside the model), their moving average, the
 * optimiser's moments, the generator, the step count and the loss of every step so far. A checkpoint is a copy of
 * this state, and training resumed from it continues exactly as an uninterrupted run would.
 */
public final class TrainingState {
  private final TrainableModel model;
  private final INDArray ema;
  private final AdamOptimizer optimizer;
  private final Rng rng;
  private int step;
  private double[] losses;

  public TrainingState(TrainableModel model, INDArray ema, AdamOptimizer optimizer, Rng rng, int step,
      double[] losses) {
    if (losses.length != step) {
      throw new IllegalArgumentException("the loss history has " + losses.length + " entries for " + step + " steps");
    }
    this.model = model;
    this.ema = ema;
    this.optimizer = optimizer;
    this.rng = rng;
    this.step = step;
    this.losses = Arrays.copyOf(losses, Math.max(16, step));
  }

  public TrainableModel model() {
    return model;
  }

  /** The moving average of the parameters, or null when training keeps none. */
  public INDArray ema() {
    return ema;
  }

  public AdamOptimizer optimizer() {
    return optimizer;
  }

  public Rng rng() {
    return rng;
  }

  /** The number of steps taken. */
  public int step() {
    return step;
  }

  /** The loss of every step taken (a copy). */
  public double[] losses() {
    return Arrays.copyOf(losses, step);
  }

  /** The loss of the last step. */
  public double lastLoss() {
    return step == 0 ? Double.NaN : losses[step - 1];
  }

  /** The model to sample with: the EMA weights when there are any, else the trained ones. */
  public TrainableModel samplingModel() {
    return ema == null ? model : model.withParameters(ema);
  }

  void recordStep(double loss) {
    if (step == losses.length) {
      losses = Arrays.copyOf(losses, 2 * losses.length);
    }
    losses[step++] = loss;
  }
}
