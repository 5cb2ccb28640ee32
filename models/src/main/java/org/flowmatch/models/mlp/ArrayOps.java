package org.flowmatch.models.mlp;

import org.flowmatch.models.VectorApi;

/**
 * The few loops of an MLP's forward and backward passes on plain float arrays, in two implementations that give
 * the same bits: {@link ScalarOps} (plain Java) and {@code VectorOps} (the JDK's {@code jdk.incubator.vector},
 * used when the JVM was started with {@code --add-modules jdk.incubator.vector}).
 *
 * <p>Why the same bits everywhere: every output element is computed by one fixed sequence of IEEE float
 * operations (products as a chain of fused multiply-adds in k order from the initial value; exp from adds,
 * multiplies and fmas), which no implementation, JIT tier or vector width may reorder. The JDK's own vector exp is
 * not used: it is an SVML intrinsic in C2 and a different algorithm in the interpreter, so its bits change when a
 * method is recompiled.
 */
interface ArrayOps {

  /**
   * c[cOff + a ldc + b] = init(b) + sum over k in order of A(a, k) B(k, b), for a in [0, na), b in [0, nb), as fmas
   * from init: init(b) = bias[biasOff + b], or 0 when bias is null. A(a, k) = a[aOff + a aStride + k akStride],
   * B(k, b) = bm[bOff + k ldb + b].
   */
  void gemm(int na, int nb, int nk, float[] a, int aOff, int aStride, int akStride, float[] bm, int bOff, int ldb,
      float[] c, int cOff, int ldc, float[] bias, int biasOff);

  /**
   * h = act(z) on [from, to); for SiLU {@code gate} receives sigmoid(z) (it may be null for the others).
   */
  void activate(Activation activation, float[] z, float[] h, float[] gate, int from, int to);

  /** d = d act'(z) in place on [from, to), from z, h = act(z) and the gate of {@link #activate}. */
  void deactivate(Activation activation, float[] d, float[] z, float[] h, float[] gate, int from, int to);

  /** out[outOff + j] = sum over rows r in order of x[off + r width + j], j in [0, width). */
  void columnSums(float[] x, int off, int rows, int width, float[] out, int outOff);

  /** dst[i] += src[i] for i in [0, n). */
  void add(float[] src, float[] dst, int n);

  /** The implementation to use: the vector one when the module is present (and not disabled), else scalar. */
  static ArrayOps best() {
    return Holder.BEST;
  }

  /** Resolved once, on first use ({@link VectorApi}). */
  final class Holder {
    static final ArrayOps BEST = VectorApi.best(() -> (ArrayOps) Class.forName("org.flowmatch.models.mlp.VectorOps")
        .getDeclaredConstructor().newInstance(), ScalarOps::new);

    private Holder() {}
  }

  /** SELU's constants as DL4J and PyTorch define them. */
  float SELU_LAMBDA = 1.0507009873554804934193349852946f;
  float SELU_LAMBDA_ALPHA = (float) (1.0507009873554804934193349852946 * 1.6732632423543772848170429916717);
}
