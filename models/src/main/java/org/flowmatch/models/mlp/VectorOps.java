package org.flowmatch.models.mlp;

import static org.flowmatch.models.mlp.ScalarOps.EXP_HIGH;
import static org.flowmatch.models.mlp.ScalarOps.EXP_LOW;
import static org.flowmatch.models.mlp.ScalarOps.LN2_HI;
import static org.flowmatch.models.mlp.ScalarOps.LN2_LO;
import static org.flowmatch.models.mlp.ScalarOps.LOG2E;
import static org.flowmatch.models.mlp.ScalarOps.ROUND;
import static org.flowmatch.models.mlp.ScalarOps.ROUND_BITS;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ArrayOps} on the JDK's Vector API: the same operation sequence per element as {@link ScalarOps} (and so
 * the same bits), several elements per instruction. Loaded only by reflection from {@link ArrayOps#best()}, so that
 * a JVM without {@code --add-modules jdk.incubator.vector} never links it.
 *
 * <p>The products keep a block of 4 rows x 4 vectors of the output in registers over the whole k loop (16
 * accumulators, 4 loads and 4 broadcasts per 16 fmas), instead of reloading and storing the output for every k as
 * a loop the JIT vectorizes on its own does; narrow outputs get their own paths ({@code tail}, {@code transposed}). Each activation loop calls exp once: with several calls in one method
 * C2 stopped inlining the vector code and fell back to per-element calls, 5x slower.
 */
final class VectorOps implements ArrayOps {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  static FloatVector exp(FloatVector x) {
    x = x.max(EXP_LOW).min(EXP_HIGH);
    FloatVector t = x.mul(LOG2E).add(ROUND);
    FloatVector n = t.sub(ROUND);
    FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, ScalarOps.P0).fma(r, FloatVector.broadcast(S, ScalarOps.P1));
    p = p.fma(r, FloatVector.broadcast(S, ScalarOps.P2));
    p = p.fma(r, FloatVector.broadcast(S, ScalarOps.P3));
    p = p.fma(r, FloatVector.broadcast(S, ScalarOps.P4));
    p = p.fma(r, FloatVector.broadcast(S, ScalarOps.P5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    FloatVector scale = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
        .reinterpretAsFloats();
    return y.mul(scale);
  }

  @Override
  public void gemm(int na, int nb, int nk, float[] a, int aOff, int aStride, int akStride, float[] bm, int bOff,
      int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
    if (nb < L && na >= L && aStride == 1 && bias == null) {
      transposed(na, nb, nk, a, aOff, akStride, bm, bOff, ldb, c, cOff, ldc);
      return;
    }
    int vectors = nb / L * L;
    int i = 0;
    for (; i + 4 <= na; i += 4) {
      int a0 = aOff + i * aStride;
      int c0 = cOff + i * ldc;
      int j = 0;
      for (; j + 4 * L <= nb; j += 4 * L) {
        block4x4(nk, a, a0, aStride, akStride, bm, bOff + j, ldb, c, c0 + j, ldc, bias, biasOff + j);
      }
      for (; j + 2 * L <= nb; j += 2 * L) {
        block4x2(nk, a, a0, aStride, akStride, bm, bOff + j, ldb, c, c0 + j, ldc, bias, biasOff + j);
      }
      for (; j + L <= nb; j += L) {
        block4x1(nk, a, a0, aStride, akStride, bm, bOff + j, ldb, c, c0 + j, ldc, bias, biasOff + j);
      }
    }
    for (; i < na; i++) {
      int a0 = aOff + i * aStride;
      int c0 = cOff + i * ldc;
      int j = 0;
      for (; j + 4 * L <= nb; j += 4 * L) {
        block1x4(nk, a, a0, akStride, bm, bOff + j, ldb, c, c0 + j, bias, biasOff + j);
      }
      for (; j + L <= nb; j += L) {
        block1x1(nk, a, a0, akStride, bm, bOff + j, ldb, c, c0 + j, bias, biasOff + j);
      }
    }
    if (vectors < nb) {
      tail(na, nb - vectors, nk, a, aOff, aStride, akStride, bm, bOff + vectors, ldb, c, cOff + vectors, ldc, bias,
          biasOff + vectors);
    }
  }

  /**
   * Fewer output columns than a vector but many rows, with A stored k-major (a weight gradient such as the first
   * layer's, whose columns are the 2-3 inputs): C^T = B^T A^T through the vector blocks, then transposed into place.
   * Each element is still the same chain of fmas in k order, so the bits are those of the direct loops.
   */
  private void transposed(int na, int nb, int nk, float[] a, int aOff, int akStride, float[] bm, int bOff, int ldb,
      float[] c, int cOff, int ldc) {
    float[] t = new float[nb * na];
    gemm(nb, na, nk, bm, bOff, 1, ldb, a, aOff, akStride, t, 0, na, null, 0);
    for (int i = 0; i < na; i++) {
      for (int j = 0; j < nb; j++) {
        c[cOff + i * ldc + j] = t[j * na + i];
      }
    }
  }

  private static FloatVector init(float[] bias, int at) {
    return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, at);
  }

  /**
   * 4 rows x 4 vectors of C in 16 registers over the whole k loop: 4 loads and 4 broadcasts per 16 fmas (measured
   * 5-15% faster than 4 x 2 at widths 64 and 256 with AVX-512).
   */
  private static void block4x4(int nk, float[] a, int a0, int as, int ak, float[] b, int b0, int ldb, float[] c,
      int c0, int ldc, float[] bias, int bi) {
    FloatVector i0 = init(bias, bi);
    FloatVector i1 = init(bias, bi + L);
    FloatVector i2 = init(bias, bi + 2 * L);
    FloatVector i3 = init(bias, bi + 3 * L);
    FloatVector c00 = i0, c01 = i1, c02 = i2, c03 = i3, c10 = i0, c11 = i1, c12 = i2, c13 = i3;
    FloatVector c20 = i0, c21 = i1, c22 = i2, c23 = i3, c30 = i0, c31 = i1, c32 = i2, c33 = i3;
    for (int k = 0; k < nk; k++) {
      int bk = b0 + k * ldb;
      FloatVector b0v = FloatVector.fromArray(S, b, bk);
      FloatVector b1v = FloatVector.fromArray(S, b, bk + L);
      FloatVector b2v = FloatVector.fromArray(S, b, bk + 2 * L);
      FloatVector b3v = FloatVector.fromArray(S, b, bk + 3 * L);
      int ak0 = a0 + k * ak;
      FloatVector x = FloatVector.broadcast(S, a[ak0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      c02 = x.fma(b2v, c02);
      c03 = x.fma(b3v, c03);
      x = FloatVector.broadcast(S, a[ak0 + as]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      c12 = x.fma(b2v, c12);
      c13 = x.fma(b3v, c13);
      x = FloatVector.broadcast(S, a[ak0 + 2 * as]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      c22 = x.fma(b2v, c22);
      c23 = x.fma(b3v, c23);
      x = FloatVector.broadcast(S, a[ak0 + 3 * as]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
      c32 = x.fma(b2v, c32);
      c33 = x.fma(b3v, c33);
    }
    store4(c, c0, c00, c01, c02, c03);
    store4(c, c0 + ldc, c10, c11, c12, c13);
    store4(c, c0 + 2 * ldc, c20, c21, c22, c23);
    store4(c, c0 + 3 * ldc, c30, c31, c32, c33);
  }

  private static void store4(float[] c, int at, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
    v0.intoArray(c, at);
    v1.intoArray(c, at + L);
    v2.intoArray(c, at + 2 * L);
    v3.intoArray(c, at + 3 * L);
  }

  private static void block4x2(int nk, float[] a, int a0, int as, int ak, float[] b, int b0, int ldb, float[] c,
      int c0, int ldc, float[] bias, int bi) {
    FloatVector i0 = init(bias, bi);
    FloatVector i1 = init(bias, bi + L);
    FloatVector c00 = i0, c01 = i1, c10 = i0, c11 = i1, c20 = i0, c21 = i1, c30 = i0, c31 = i1;
    for (int k = 0; k < nk; k++) {
      int bk = b0 + k * ldb;
      FloatVector b0v = FloatVector.fromArray(S, b, bk);
      FloatVector b1v = FloatVector.fromArray(S, b, bk + L);
      int ak0 = a0 + k * ak;
      FloatVector x = FloatVector.broadcast(S, a[ak0]);
      c00 = x.fma(b0v, c00);
      c01 = x.fma(b1v, c01);
      x = FloatVector.broadcast(S, a[ak0 + as]);
      c10 = x.fma(b0v, c10);
      c11 = x.fma(b1v, c11);
      x = FloatVector.broadcast(S, a[ak0 + 2 * as]);
      c20 = x.fma(b0v, c20);
      c21 = x.fma(b1v, c21);
      x = FloatVector.broadcast(S, a[ak0 + 3 * as]);
      c30 = x.fma(b0v, c30);
      c31 = x.fma(b1v, c31);
    }
    c00.intoArray(c, c0);
    c01.intoArray(c, c0 + L);
    c10.intoArray(c, c0 + ldc);
    c11.intoArray(c, c0 + ldc + L);
    c20.intoArray(c, c0 + 2 * ldc);
    c21.intoArray(c, c0 + 2 * ldc + L);
    c30.intoArray(c, c0 + 3 * ldc);
    c31.intoArray(c, c0 + 3 * ldc + L);
  }

  private static void block4x1(int nk, float[] a, int a0, int as, int ak, float[] b, int b0, int ldb, float[] c,
      int c0, int ldc, float[] bias, int bi) {
    FloatVector c0v = init(bias, bi);
    FloatVector c1v = c0v, c2v = c0v, c3v = c0v;
    for (int k = 0; k < nk; k++) {
      FloatVector bv = FloatVector.fromArray(S, b, b0 + k * ldb);
      int ak0 = a0 + k * ak;
      c0v = FloatVector.broadcast(S, a[ak0]).fma(bv, c0v);
      c1v = FloatVector.broadcast(S, a[ak0 + as]).fma(bv, c1v);
      c2v = FloatVector.broadcast(S, a[ak0 + 2 * as]).fma(bv, c2v);
      c3v = FloatVector.broadcast(S, a[ak0 + 3 * as]).fma(bv, c3v);
    }
    c0v.intoArray(c, c0);
    c1v.intoArray(c, c0 + ldc);
    c2v.intoArray(c, c0 + 2 * ldc);
    c3v.intoArray(c, c0 + 3 * ldc);
  }

  /** One row x 4 vectors: four independent chains, where one would wait out the fma latency at every k. */
  private static void block1x4(int nk, float[] a, int a0, int ak, float[] b, int b0, int ldb, float[] c, int c0,
      float[] bias, int bi) {
    FloatVector c0v = init(bias, bi);
    FloatVector c1v = init(bias, bi + L);
    FloatVector c2v = init(bias, bi + 2 * L);
    FloatVector c3v = init(bias, bi + 3 * L);
    for (int k = 0; k < nk; k++) {
      int bk = b0 + k * ldb;
      FloatVector x = FloatVector.broadcast(S, a[a0 + k * ak]);
      c0v = x.fma(FloatVector.fromArray(S, b, bk), c0v);
      c1v = x.fma(FloatVector.fromArray(S, b, bk + L), c1v);
      c2v = x.fma(FloatVector.fromArray(S, b, bk + 2 * L), c2v);
      c3v = x.fma(FloatVector.fromArray(S, b, bk + 3 * L), c3v);
    }
    store4(c, c0, c0v, c1v, c2v, c3v);
  }

  private static void block1x1(int nk, float[] a, int a0, int ak, float[] b, int b0, int ldb, float[] c, int c0,
      float[] bias, int bi) {
    FloatVector acc = init(bias, bi);
    for (int k = 0; k < nk; k++) {
      acc = FloatVector.broadcast(S, a[a0 + k * ak]).fma(FloatVector.fromArray(S, b, b0 + k * ldb), acc);
    }
    acc.intoArray(c, c0);
  }

  /**
   * The columns after the last whole vector (the 2-3 outputs of a 2-D velocity, the inputs of a first layer):
   * scalar chains, eight rows at a time so that eight independent fma chains hide each other's latency. One chain
   * at a time waited about 4 cycles per fma; these columns then cost as much as the 64 x 64 products.
   */
  private static void tail(int rows, int cols, int nk, float[] a, int a0, int as, int ak, float[] b, int b0, int ldb,
      float[] c, int c0, int ldc, float[] bias, int bi) {
    int i = 0;
    for (; i + 8 <= rows; i += 8) {
      int ai = a0 + i * as;
      int ci = c0 + i * ldc;
      for (int j = 0; j < cols; j++) {
        float init = bias == null ? 0f : bias[bi + j];
        float s0 = init, s1 = init, s2 = init, s3 = init, s4 = init, s5 = init, s6 = init, s7 = init;
        for (int k = 0; k < nk; k++) {
          float x = b[b0 + k * ldb + j];
          int p = ai + k * ak;
          s0 = Math.fma(a[p], x, s0);
          s1 = Math.fma(a[p + as], x, s1);
          s2 = Math.fma(a[p + 2 * as], x, s2);
          s3 = Math.fma(a[p + 3 * as], x, s3);
          s4 = Math.fma(a[p + 4 * as], x, s4);
          s5 = Math.fma(a[p + 5 * as], x, s5);
          s6 = Math.fma(a[p + 6 * as], x, s6);
          s7 = Math.fma(a[p + 7 * as], x, s7);
        }
        c[ci + j] = s0;
        c[ci + ldc + j] = s1;
        c[ci + 2 * ldc + j] = s2;
        c[ci + 3 * ldc + j] = s3;
        c[ci + 4 * ldc + j] = s4;
        c[ci + 5 * ldc + j] = s5;
        c[ci + 6 * ldc + j] = s6;
        c[ci + 7 * ldc + j] = s7;
      }
    }
    for (; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        float acc = bias == null ? 0f : bias[bi + j];
        for (int k = 0; k < nk; k++) {
          acc = Math.fma(a[a0 + i * as + k * ak], b[b0 + k * ldb + j], acc);
        }
        c[c0 + i * ldc + j] = acc;
      }
    }
  }

  @Override
  public void activate(Activation activation, float[] z, float[] h, float[] gate, int from, int to) {
    int end = from + (to - from) / L * L;
    switch (activation) {
      case SELU -> selu(z, h, from, end);
      case SILU -> silu(z, h, gate, from, end);
      case TANH -> tanh(z, h, from, end);
      case RELU -> relu(z, h, from, end);
      default -> throw new IllegalArgumentException(activation.toString());
    }
    for (int i = end; i < to; i++) {
      h[i] = ScalarOps.activate(activation, z[i], gate, i);
    }
  }

  private static void selu(float[] z, float[] h, int from, int to) {
    for (int i = from; i < to; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, i);
      VectorMask<Float> positive = x.compare(VectorOperators.GT, 0f);
      FloatVector negative = exp(x.min(0f)).sub(1f).mul(SELU_LAMBDA_ALPHA);
      negative.blend(x.mul(SELU_LAMBDA), positive).intoArray(h, i);
    }
  }

  private static void silu(float[] z, float[] h, float[] gate, int from, int to) {
    for (int i = from; i < to; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, i);
      FloatVector s = FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
      s.intoArray(gate, i);
      x.mul(s).intoArray(h, i);
    }
  }

  private static void tanh(float[] z, float[] h, int from, int to) {
    for (int i = from; i < to; i += L) {
      FloatVector x = FloatVector.fromArray(S, z, i);
      FloatVector q = FloatVector.broadcast(S, 2f).div(exp(x.add(x)).add(1f));
      FloatVector.broadcast(S, 1f).sub(q).intoArray(h, i);
    }
  }

  private static void relu(float[] z, float[] h, int from, int to) {
    for (int i = from; i < to; i += L) {
      FloatVector.fromArray(S, z, i).max(0f).intoArray(h, i);
    }
  }

  @Override
  public void deactivate(Activation activation, float[] d, float[] z, float[] h, float[] gate, int from, int to) {
    int end = from + (to - from) / L * L;
    for (int i = from; i < end; i += L) {
      FloatVector dv = FloatVector.fromArray(S, d, i);
      FloatVector hv = FloatVector.fromArray(S, h, i);
      FloatVector out;
      switch (activation) {
        case SELU -> {
          VectorMask<Float> positive = FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f);
          out = dv.mul(hv.add(SELU_LAMBDA_ALPHA).blend(SELU_LAMBDA, positive));
        }
        case SILU -> {
          FloatVector s = FloatVector.fromArray(S, gate, i);
          out = dv.mul(hv.sub(hv.mul(s)).add(s));
        }
        case TANH -> out = dv.mul(FloatVector.broadcast(S, 1f).sub(hv.mul(hv)));
        case RELU -> out = dv.blend(0f, FloatVector.fromArray(S, z, i).compare(VectorOperators.GT, 0f).not());
        default -> throw new IllegalArgumentException(activation.toString());
      }
      out.intoArray(d, i);
    }
    for (int i = end; i < to; i++) {
      d[i] = ScalarOps.deactivate(activation, d[i], z[i], h[i], gate, i);
    }
  }

  @Override
  public void columnSums(float[] x, int off, int rows, int width, float[] out, int outOff) {
    int j = 0;
    for (; j + L <= width; j += L) {
      FloatVector acc = FloatVector.zero(S);
      for (int r = 0; r < rows; r++) {
        acc = acc.add(FloatVector.fromArray(S, x, off + r * width + j));
      }
      acc.intoArray(out, outOff + j);
    }
    for (; j < width; j++) {
      float acc = 0f;
      for (int r = 0; r < rows; r++) {
        acc += x[off + r * width + j];
      }
      out[outOff + j] = acc;
    }
  }

  @Override
  public void add(float[] src, float[] dst, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, dst, i).add(FloatVector.fromArray(S, src, i)).intoArray(dst, i);
    }
    for (; i < n; i++) {
      dst[i] += src[i];
    }
  }
}
