package org.flowmatch.models.training;

import org.flowmatch.core.Checks;
import org.flowmatch.models.Parallelism;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adam, and AdamW when the weight decay is positive, on flat parameter and gradient arrays. The update is ND4J's
 * fused {@code adam_updater} op (the one DL4J's own Adam runs): m and v in place, then
 * lr sqrt(1 - beta2^k) / (1 - beta1^k) m / (sqrt(v) + eps) at step k. AdamW's decay is decoupled, as in PyTorch:
 * p = p (1 - lr wd) before the Adam step.
 */
public final class AdamOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final INDArray m;
  private final INDArray v;
  private final Parallelism parallelism = Parallelism.shared();
  private static final int MIN_PER_PART = 16_384;

  public AdamOptimizer(long parameters, DataType type, double beta1, double beta2, double epsilon,
      double weightDecay) {
    this(Nd4j.zeros(type, 1, parameters), Nd4j.zeros(type, 1, parameters), beta1, beta2, epsilon, weightDecay);
  }

  /** An optimiser resuming from saved moments (copied). */
  public AdamOptimizer(INDArray m, INDArray v, double beta1, double beta2, double epsilon, double weightDecay) {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("train.beta1 and train.beta2 must lie in [0, 1), got " + beta1 + ", "
          + beta2);
    }
    Checks.positive(epsilon, "train.eps");
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("train.weight_decay must be finite and not negative, got " + weightDecay);
    }
    if (m.length() != v.length()) {
      throw new IllegalArgumentException("Adam moments differ in size: " + m.length() + " and " + v.length());
    }
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.weightDecay = weightDecay;
    this.m = m.dup();
    this.v = v.dup();
  }

  /**
   * One step: updates {@code params} in place; {@code gradients} is consumed (it holds the update afterwards).
   *
   * @param iteration the 0-based step number, for the bias correction
   */
  public void step(INDArray params, INDArray gradients, double lr, int iteration) {
    long n = params.length();
    // The update is element-wise, so contiguous slices of the flat arrays go to separate cores.
    int parts = parallelism.parts(n, MIN_PER_PART);
    parallelism.run(parts, i -> {
      long from = Parallelism.start(n, parts, i);
      long to = Parallelism.start(n, parts, i + 1);
      INDArray p = slice(params, from, to);
      INDArray g = slice(gradients, from, to);
      Nd4j.exec(new AdamUpdater(g, slice(v, from, to), slice(m, from, to), lr, beta1, beta2, epsilon, iteration));
      if (weightDecay > 0) {
        p.muli(1 - lr * weightDecay);
      }
      p.subi(g);
    });
  }

  private static INDArray slice(INDArray flat, long from, long to) {
    return from == 0 && to == flat.length() ? flat
        : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
  }

  /** The first moment (a copy). */
  public INDArray firstMoment() {
    return m.dup();
  }

  /** The second moment (a copy). */
  public INDArray secondMoment() {
    return v.dup();
  }
}
