package org.flowmatch.models.mlp;

/**
 * {@link ArrayOps} in plain Java: the reference for {@code VectorOps} (bit for bit) and the fallback on JVMs
 * without {@code jdk.incubator.vector}.
 */
final class ScalarOps implements ArrayOps {
  static final float LOG2E = 1.44269504088896341f;
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  /** 1.5 2^23: adding it rounds a float of magnitude below 2^22 to an integer held in the low mantissa bits. */
  static final float ROUND = 12582912f;
  static final int ROUND_BITS = 0x4B400000;
  static final float EXP_LOW = -87f;
  static final float EXP_HIGH = 88f;
  static final float P0 = 1.9875691500e-4f;
  static final float P1 = 1.3981999507e-3f;
  static final float P2 = 8.3334519073e-3f;
  static final float P3 = 4.1665795894e-2f;
  static final float P4 = 1.6666665459e-1f;
  static final float P5 = 5.0000001201e-1f;

  /**
   * exp(x) for x clamped to [-87, 88] (Cephes' expf: x = n ln2 + r, a degree-7 polynomial in r, times 2^n), to
   * about 2 ulp; from float adds, multiplies and fmas only, so that every tier and vector width gives its bits.
   */
  static float exp(float x) {
    x = Math.min(Math.max(x, EXP_LOW), EXP_HIGH);
    float t = x * LOG2E + ROUND;
    float n = t - ROUND;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(P0, r, P1);
    p = Math.fma(p, r, P2);
    p = Math.fma(p, r, P3);
    p = Math.fma(p, r, P4);
    p = Math.fma(p, r, P5);
    float y = Math.fma(p, r * r, r) + 1f;
    float scale = Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
    return y * scale;
  }

  @Override
  public void gemm(int na, int nb, int nk, float[] a, int aOff, int aStride, int akStride, float[] bm, int bOff,
      int ldb, float[] c, int cOff, int ldc, float[] bias, int biasOff) {
    for (int i = 0; i < na; i++) {
      int row = cOff + i * ldc;
      for (int j = 0; j < nb; j++) {
        c[row + j] = bias == null ? 0f : bias[biasOff + j];
      }
      int ai = aOff + i * aStride;
      for (int k = 0; k < nk; k++) {
        float x = a[ai + k * akStride];
        int bk = bOff + k * ldb;
        for (int j = 0; j < nb; j++) {
          c[row + j] = Math.fma(x, bm[bk + j], c[row + j]);
        }
      }
    }
  }

  @Override
  public void activate(Activation activation, float[] z, float[] h, float[] gate, int from, int to) {
    for (int i = from; i < to; i++) {
      h[i] = activate(activation, z[i], gate, i);
    }
  }

  static float activate(Activation activation, float z, float[] gate, int i) {
    switch (activation) {
      case SELU:
        return z > 0 ? z * SELU_LAMBDA : (exp(Math.min(z, 0f)) - 1f) * SELU_LAMBDA_ALPHA;
      case SILU: {
        float s = 1f / (1f + exp(-z));
        gate[i] = s;
        return z * s;
      }
      case TANH:
        return 1f - 2f / (exp(z + z) + 1f);
      case RELU:
        return Math.max(z, 0f);
      default:
        throw new IllegalArgumentException(activation.toString());
    }
  }

  @Override
  public void deactivate(Activation activation, float[] d, float[] z, float[] h, float[] gate, int from, int to) {
    for (int i = from; i < to; i++) {
      d[i] = deactivate(activation, d[i], z[i], h[i], gate, i);
    }
  }

  static float deactivate(Activation activation, float d, float z, float h, float[] gate, int i) {
    switch (activation) {
      case SELU:
        return d * (z > 0 ? SELU_LAMBDA : h + SELU_LAMBDA_ALPHA);
      case SILU: {
        float s = gate[i];
        return d * ((h - h * s) + s);
      }
      case TANH:
        return d * (1f - h * h);
      case RELU:
        return z > 0 ? d : 0f;
      default:
        throw new IllegalArgumentException(activation.toString());
    }
  }

  @Override
  public void columnSums(float[] x, int off, int rows, int width, float[] out, int outOff) {
    for (int j = 0; j < width; j++) {
      out[outOff + j] = 0f;
    }
    for (int r = 0; r < rows; r++) {
      int row = off + r * width;
      for (int j = 0; j < width; j++) {
        out[outOff + j] += x[row + j];
      }
    }
  }

  @Override
  public void add(float[] src, float[] dst, int n) {
    for (int i = 0; i < n; i++) {
      dst[i] += src[i];
    }
  }
}
