package org.flowmatch.models.training;

import java.nio.FloatBuffer;
import java.util.Arrays;
import org.flowmatch.core.Checks;
import org.flowmatch.core.NdArrays;
import org.flowmatch.models.Parallelism;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Adam, and AdamW when the weight decay is positive, on flat parameter and gradient arrays: m and v in place, then
 * lr sqrt(1 - beta2^k) / (1 - beta1^k) m / (sqrt(v) + eps) at step k. AdamW's decay is decoupled, as in PyTorch:
 * p = p (1 - lr wd) before the Adam step.
 *
 * <p>Two implementations of the same formula: for float32 arrays on the CPU backend, a plain Java loop over the
 * arrays' native memory (the same operation order as ND4J's op, in float); otherwise ND4J's fused
 * {@code adam_updater} op (the one DL4J's own Adam runs). Why: the op costs 0.4 ms for the 8,900 parameters of a
 * 3 x 64 network, most of a small network's step, and about 1 ms for 133,000 (its per-element {@code pow}); the
 * loop takes a few microseconds per thousand parameters (docs/performance.md).
 */
public final class AdamOptimizer {
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final double weightDecay;
  private final INDArray m;
  private final INDArray v;
  /**
   * On the array path (then m and v above are null), the moments as Java arrays in contiguous parts, one per core
   * ({@link #stepArrays}), and each part's buffers for the parameters and gradients; else null.
   */
  private final float[][] mParts;
  private final float[][] vParts;
  private final float[][] paramParts;
  private final float[][] gradientParts;
  private final long length;
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
    boolean arrays = m.dataType() == DataType.FLOAT && v.dataType() == DataType.FLOAT
        && Nd4j.getEnvironment().isCPU();
    this.m = arrays ? null : m.dup();
    this.v = arrays ? null : v.dup();
    this.length = m.length();
    this.mParts = arrays ? parts(m.dup('c').data().asFloat()) : null;
    this.vParts = arrays ? parts(v.dup('c').data().asFloat()) : null;
    this.paramParts = arrays ? parts(new float[(int) length]) : null;
    this.gradientParts = arrays ? parts(new float[(int) length]) : null;
  }

  /** {@code all} cut into the parts {@link #stepArrays} updates on separate cores. */
  private float[][] parts(float[] all) {
    int parts = parallelism.parts(all.length, MIN_PER_PART);
    float[][] cut = new float[parts][];
    for (int i = 0; i < parts; i++) {
      cut[i] = Arrays.copyOfRange(all, (int) Parallelism.start(all.length, parts, i),
          (int) Parallelism.start(all.length, parts, i + 1));
    }
    return cut;
  }

  private static INDArray joined(float[][] parts) {
    float[] all = new float[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
    int at = 0;
    for (float[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return Nd4j.create(all, new long[] {1, all.length}, 'c');
  }

  /**
   * One step: updates {@code params} in place; {@code gradients} is consumed (it holds the update afterwards).
   *
   * @param iteration the 0-based step number, for the bias correction
   */
  public void step(INDArray params, INDArray gradients, double lr, int iteration) {
    if (params.length() != length || gradients.length() != length) {
      throw new IllegalArgumentException("Adam has moments for " + length + " parameters, got " + params.length()
          + " parameters and " + gradients.length() + " gradients");
    }
    FloatBuffer liveParams = mParts == null ? null : NdArrays.floatBuffer(params);
    FloatBuffer liveGradients = mParts == null ? null : NdArrays.floatBuffer(gradients);
    if (liveParams != null && liveGradients != null) {
      stepArrays(liveParams, liveGradients, lr, iteration);
      return;
    }
    if (mParts != null) {
      // Arrays this path cannot address in place: through contiguous float copies.
      INDArray pc = params.castTo(DataType.FLOAT).dup('c');
      INDArray gc = gradients.castTo(DataType.FLOAT).dup('c');
      stepArrays(NdArrays.floatBuffer(pc), NdArrays.floatBuffer(gc), lr, iteration);
      params.assign(pc);
      gradients.assign(gc);
      return;
    }
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

  private void stepArrays(FloatBuffer params, FloatBuffer gradients, double lr, int iteration) {
    int n = (int) length;
    // As libnd4j's adam_updater: the step size in the working precision, the moments and the update in float.
    double bias1 = 1 - Math.pow(beta1, iteration + 1);
    double bias2 = 1 - Math.pow(beta2, iteration + 1);
    double stepSize = lr * Math.sqrt(bias2) / bias1;
    float eT = (float) (Double.isFinite(stepSize) && stepSize != 0 ? stepSize : epsilon);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    float c1 = (float) (1 - beta1);
    float c2 = (float) (1 - beta2);
    float eps = (float) epsilon;
    float decay = (float) (1 - lr * weightDecay);
    boolean decays = weightDecay > 0;
    int parts = mParts.length;
    parallelism.run(parts, part -> {
      int from = (int) Parallelism.start(n, parts, part);
      float[] p = paramParts[part];
      float[] g = gradientParts[part];
      params.get(from, p, 0, p.length);
      gradients.get(from, g, 0, g.length);
      update(p, g, mParts[part], vParts[part], b1, b2, c1, c2, eT, eps, decays ? decay : 1f);
      params.put(from, p, 0, p.length);
      gradients.put(from, g, 0, g.length);
    });
  }

  /**
   * The element-wise update of one part, Java arrays all indexed alike: C2 vectorises this loop (about 3 us for the
   * 8,898 parameters of the 3 x 64 network) but left it scalar, at 35-48 us, when the moments were indexed from an
   * offset (it cannot rule out that the arrays overlap), hence the moments kept in parts. A decay of exactly 1 changes no bit, so one loop serves with and without weight decay.
   */
  private static void update(float[] p, float[] g, float[] m, float[] v, float b1, float b2, float c1, float c2,
      float eT, float eps, float decay) {
    for (int i = 0; i < p.length; i++) {
      float gi = g[i];
      float mi = b1 * m[i] + gi * c1;
      float vi = b2 * v[i] + gi * gi * c2;
      m[i] = mi;
      v[i] = vi;
      float step = mi * eT / ((float) Math.sqrt(vi) + eps);
      g[i] = step;
      p[i] = p[i] * decay - step;
    }
  }

  private static INDArray slice(INDArray flat, long from, long to) {
    return from == 0 && to == flat.length() ? flat
        : flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(from, to));
  }

  /** The first moment (a copy). */
  public INDArray firstMoment() {
    return mParts != null ? joined(mParts) : m.dup();
  }

  /** The second moment (a copy). */
  public INDArray secondMoment() {
    return vParts != null ? joined(vParts) : v.dup();
  }
}
