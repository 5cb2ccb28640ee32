package org.flowmatch.models.mlp;

/**
 * How the network sees time: the raw t as one more input, or t together with sinusoidal Fourier features
 * sin(pi 2^j t), cos(pi 2^j t) for j = 0 .. frequencies - 1, which let a small network resolve fast changes in t
 * (near t = 1 the marginal velocity of concentrated data changes quickly).
 *
 * @param frequencies 0 for the raw t; otherwise the number of octaves of Fourier features
 */
public record TimeEmbedding(int frequencies) {

  public TimeEmbedding {
    if (frequencies < 0 || frequencies > 16) {
      throw new IllegalArgumentException("time embedding frequencies must lie in [0, 16], got " + frequencies);
    }
  }

  public static TimeEmbedding raw() {
    return new TimeEmbedding(0);
  }

  public static TimeEmbedding fourier(int frequencies) {
    if (frequencies < 1) {
      throw new IllegalArgumentException("fourier time embedding needs at least 1 frequency, got " + frequencies);
    }
    return new TimeEmbedding(frequencies);
  }

  /** The number of input columns time takes. */
  public int width() {
    return 1 + 2 * frequencies;
  }

  /** Writes the features of {@code t} into {@code out} from {@code offset}. */
  void write(double t, double[] out, int offset) {
    out[offset] = t;
    double omega = Math.PI;
    for (int j = 0; j < frequencies; j++) {
      out[offset + 1 + 2 * j] = Math.sin(omega * t);
      out[offset + 2 + 2 * j] = Math.cos(omega * t);
      omega *= 2;
    }
  }

  @Override
  public String toString() {
    return frequencies == 0 ? "raw" : "fourier(" + frequencies + ")";
  }
}
