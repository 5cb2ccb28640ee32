package org.flowmatch.core;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An explicit, seedable random number generator: xoshiro256** (Blackman and Vigna), seeded through SplitMix64.
 *
 * <p>Every random draw in flowmatch goes through an instance of this class that the caller owns, so that a seed
 * fixes every byte of a run. Its whole state is six longs ({@link #state()}), which checkpoints save and
 * {@link #fromState(long[])} restores, so that a resumed training draws exactly what an uninterrupted one would.
 * It is a plain Java generator rather than ND4J's native one because its stream is the same on every backend and
 * its state can be saved. Not thread-safe: give each thread its own instance ({@link #split()}).
 */
public final class Rng {
  private long s0, s1, s2, s3;
  /** Normal deviates come in pairs (polar method); the second one waits here. */
  private boolean hasSpare;
  private double spare;

  private Rng(long s0, long s1, long s2, long s3, boolean hasSpare, double spare) {
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
    this.hasSpare = hasSpare;
    this.spare = spare;
  }

  /** A generator whose whole stream is fixed by {@code seed}. */
  public static Rng seeded(long seed) {
    long[] z = new long[4];
    long x = seed;
    for (int i = 0; i < 4; i++) {
      x += 0x9E3779B97F4A7C15L;
      long r = x;
      r = (r ^ (r >>> 30)) * 0xBF58476D1CE4E5B9L;
      r = (r ^ (r >>> 27)) * 0x94D049BB133111EBL;
      z[i] = r ^ (r >>> 31);
    }
    return new Rng(z[0], z[1], z[2], z[3], false, 0);
  }

  /** Restores a generator from {@link #state()}. */
  public static Rng fromState(long[] state) {
    if (state == null || state.length != 6) {
      throw new IllegalArgumentException("rng state must hold 6 longs, got "
          + (state == null ? "null" : Arrays.toString(state)));
    }
    if ((state[0] | state[1] | state[2] | state[3]) == 0) {
      throw new IllegalArgumentException("rng state must not be all zero");
    }
    return new Rng(state[0], state[1], state[2], state[3], state[4] != 0, Double.longBitsToDouble(state[5]));
  }

  /** The whole state: four words of xoshiro256**, then the pending normal deviate (flag, bits). */
  public long[] state() {
    return new long[] {s0, s1, s2, s3, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
  }

  /** An independent copy of this generator's state. */
  public Rng copy() {
    return new Rng(s0, s1, s2, s3, hasSpare, spare);
  }

  /**
   * A generator for another consumer: it continues this stream, while this generator jumps 2^128 draws ahead,
   * so that the two never overlap.
   */
  public Rng split() {
    Rng child = new Rng(s0, s1, s2, s3, false, 0);
    jump();
    hasSpare = false;
    return child;
  }

  public long nextLong() {
    long result = Long.rotateLeft(s1 * 5, 7) * 9;
    long t = s1 << 17;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = Long.rotateLeft(s3, 45);
    return result;
  }

  /** Uniform on [0, 1), with 53 random bits. */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform on {0, ..., bound - 1}, without modulo bias (Lemire's method). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    long m = (nextLong() >>> 32) * bound;
    long low = m & 0xFFFFFFFFL;
    if (low < bound) {
      long threshold = (0x100000000L - bound) % bound;
      while (low < threshold) {
        m = (nextLong() >>> 32) * bound;
        low = m & 0xFFFFFFFFL;
      }
    }
    return (int) (m >>> 32);
  }

  /** A standard normal deviate (Marsaglia's polar method). */
  public double nextGaussian() {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    double u, v, s;
    do {
      u = 2 * nextDouble() - 1;
      v = 2 * nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    double scale = Math.sqrt(-2 * Math.log(s) / s);
    spare = v * scale;
    hasSpare = true;
    return u * scale;
  }

  /** Fills {@code values} with standard normal deviates, in order. */
  public void fillGaussian(double[] values) {
    for (int i = 0; i < values.length; i++) {
      values[i] = nextGaussian();
    }
  }

  /** A {@code [rows, cols]} matrix of standard normal deviates, drawn row by row. */
  public INDArray gaussian(long rows, long cols, DataType type) {
    double[] values = new double[Math.toIntExact(rows * cols)];
    fillGaussian(values);
    return matrix(values, rows, cols, type);
  }

  /** A {@code [rows, cols]} matrix of uniform deviates on [0, 1), drawn row by row. */
  public INDArray uniform(long rows, long cols, DataType type) {
    double[] values = new double[Math.toIntExact(rows * cols)];
    for (int i = 0; i < values.length; i++) {
      values[i] = nextDouble();
    }
    return matrix(values, rows, cols, type);
  }

  /** A random permutation of {0, ..., n - 1} (Fisher-Yates). */
  public int[] permutation(int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int tmp = p[i];
      p[i] = p[j];
      p[j] = tmp;
    }
    return p;
  }

  private static INDArray matrix(double[] values, long rows, long cols, DataType type) {
    return NdArrays.matrix(values, rows, cols, type);
  }

  /** Advances the state by 2^128 draws (the published jump polynomial of xoshiro256). */
  private void jump() {
    long[] jump = {0x180EC6D33CFD0ABAL, 0xD5A61266F0C9392CL, 0xA9582618E03FC9AAL, 0x39ABDC4529B1661CL};
    long t0 = 0, t1 = 0, t2 = 0, t3 = 0;
    for (long word : jump) {
      for (int b = 0; b < 64; b++) {
        if ((word & (1L << b)) != 0) {
          t0 ^= s0;
          t1 ^= s1;
          t2 ^= s2;
          t3 ^= s3;
        }
        nextLong();
      }
    }
    s0 = t0;
    s1 = t1;
    s2 = t2;
    s3 = t3;
  }
}
