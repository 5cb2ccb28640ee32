package org.flowmatch.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Rng} against an independent xoshiro256** written from the published C code (Blackman and Vigna,
 * prng.di.unimi.it/xoshiro256starstar.c), published SplitMix64 outputs, and statistical tests whose thresholds
 * a correct generator exceeds with probability below 1e-6.
 */
class RngTest {

  /** xoshiro256** and its jump, transcribed from the reference C; shares no code with {@link Rng}. */
  private static final class Reference {
    private final long[] s;

    Reference(long s0, long s1, long s2, long s3) {
      s = new long[] {s0, s1, s2, s3};
    }

    private static long rotl(long x, int k) {
      return (x << k) | (x >>> (64 - k));
    }

    long next() {
      long result = rotl(s[1] * 5, 7) * 9;
      long t = s[1] << 17;
      s[2] ^= s[0];
      s[3] ^= s[1];
      s[1] ^= s[2];
      s[0] ^= s[3];
      s[2] ^= t;
      s[3] = rotl(s[3], 45);
      return result;
    }

    void jump() {
      long[] jump = {0x180ec6d33cfd0abaL, 0xd5a61266f0c9392cL, 0xa9582618e03fc9aaL, 0x39abdc4529b1661cL};
      long[] acc = new long[4];
      for (long word : jump) {
        for (int b = 0; b < 64; b++) {
          if ((word & (1L << b)) != 0) {
            for (int i = 0; i < 4; i++) {
              acc[i] ^= s[i];
            }
          }
          next();
        }
      }
      System.arraycopy(acc, 0, s, 0, 4);
    }
  }

  private static long[] longs(Rng rng, int n) {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = rng.nextLong();
    }
    return out;
  }

  @Test
  void knownOutputsFromStateOneTwoThreeFour() {
    // s = {1, 2, 3, 4}: the first output is rotl(2 * 5, 7) * 9 = 11520, the second rotl(0, 7) * 9 = 0.
    Rng rng = Rng.fromState(new long[] {1, 2, 3, 4, 0, 0});
    assertArrayEquals(new long[] {11520L, 0L, 1509978240L, 1215971899390074240L, 1216172134540287360L,
        607988272756665600L}, longs(rng, 6));
  }

  @Test
  void seedingIsSplitMix64() {
    // The published SplitMix64 stream from 0: e220a8397b1dcdaf, 6e789e6aa1b965f4, 06c45d188009454f, f88bb8a8724c81ec.
    long[] state = Rng.seeded(0).state();
    assertArrayEquals(new long[] {0xe220a8397b1dcdafL, 0x6e789e6aa1b965f4L, 0x06c45d188009454fL,
        0xf88bb8a8724c81ecL, 0, 0}, state);
  }

  @Test
  void matchesTheReferenceFromTheSameState() {
    for (long seed : new long[] {0, 1, 42, -7, Long.MIN_VALUE}) {
      Rng rng = Rng.seeded(seed);
      long[] w = rng.state();
      Reference ref = new Reference(w[0], w[1], w[2], w[3]);
      for (int i = 0; i < 1000; i++) {
        assertEquals(ref.next(), rng.nextLong(), "seed " + seed + ", draw " + i);
      }
    }
  }

  @Test
  void sameSeedSameStreamDifferentSeedsDiffer() {
    assertArrayEquals(longs(Rng.seeded(42), 1000), longs(Rng.seeded(42), 1000));
    long[] a = longs(Rng.seeded(1), 1000);
    long[] b = longs(Rng.seeded(2), 1000);
    int same = 0;
    for (int i = 0; i < a.length; i++) {
      same += a[i] == b[i] ? 1 : 0;
    }
    assertEquals(0, same, "positions where seeds 1 and 2 agree");
  }

  @Test
  void stateRoundTripContinuesTheStreamIncludingTheSpareGaussian() {
    Rng rng = Rng.seeded(2024);
    for (int i = 0; i < 3; i++) {
      rng.nextGaussian();
    }
    long[] saved = rng.state();
    assertEquals(1, saved[4], "an odd number of polar draws leaves a spare pending");
    Rng restored = Rng.fromState(saved);
    for (int i = 0; i < 11; i++) {
      assertEquals(Double.doubleToRawLongBits(rng.nextGaussian()),
          Double.doubleToRawLongBits(restored.nextGaussian()), "gaussian " + i);
    }
    assertArrayEquals(longs(rng, 100), longs(restored, 100));
    assertArrayEquals(rng.state(), restored.state());
  }

  @Test
  void stateIsACopy() {
    Rng rng = Rng.seeded(5);
    long[] state = rng.state();
    state[0] ^= 1;
    assertNotEquals(state[0], rng.state()[0]);
  }

  @Test
  void copyIsIndependent() {
    Rng rng = Rng.seeded(9);
    rng.nextGaussian();
    Rng copy = rng.copy();
    assertEquals(rng.nextGaussian(), copy.nextGaussian());
    copy.nextLong();
    assertNotEquals(rng.nextLong(), copy.nextLong());
  }

  @Test
  void splitContinuesTheStreamAndTheParentJumps() {
    Rng parent = Rng.seeded(77);
    parent.nextGaussian();
    long[] w = parent.state();
    Reference beforeSplit = new Reference(w[0], w[1], w[2], w[3]);
    Reference jumped = new Reference(w[0], w[1], w[2], w[3]);
    jumped.jump();

    Rng child = parent.split();
    assertEquals(0, child.state()[4], "the child starts without the parent's spare");
    assertEquals(0, parent.state()[4], "the parent drops its spare when it jumps");
    long[] childDraws = longs(child, 1000);
    long[] parentDraws = longs(parent, 1000);
    for (int i = 0; i < 1000; i++) {
      assertEquals(beforeSplit.next(), childDraws[i], "child draw " + i);
      assertEquals(jumped.next(), parentDraws[i], "parent draw " + i);
    }
    Set<Long> seen = new HashSet<>();
    for (long v : childDraws) {
      seen.add(v);
    }
    for (long v : parentDraws) {
      assertFalse(seen.contains(v), "parent and child share the draw " + v);
    }
  }

  @Test
  void nextDoubleLiesInTheUnitIntervalWithMeanOneHalf() {
    Rng rng = Rng.seeded(11);
    int n = 1_000_000;
    double sum = 0;
    double min = 1;
    double max = 0;
    for (int i = 0; i < n; i++) {
      double u = rng.nextDouble();
      assertTrue(u >= 0 && u < 1, "draw " + i + " = " + u);
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    // Mean 1/2 with standard error sqrt(1/12 / n).
    assertEquals(0.5, sum / n, 5 * Math.sqrt(1.0 / 12 / n));
    assertTrue(min < 1e-5 && max > 1 - 1e-5, "range [" + min + ", " + max + "]");
  }

  @Test
  void nextDoubleOfTheLargestOutputIsBelowOne() {
    // Solve rotl(s1 * 5, 7) * 9 = -1 (all 64 bits set) for s1, so that the first draw is the largest there is.
    long s1 = Long.rotateRight(-1L * inverse(9), 7) * inverse(5);
    Rng rng = Rng.fromState(new long[] {0, s1, 0, 0, 0, 0});
    assertEquals(-1L, rng.copy().nextLong());
    assertEquals(1 - 0x1.0p-53, rng.nextDouble());
  }

  /** The inverse of an odd number modulo 2^64 (Newton's iteration doubles the correct bits each step). */
  private static long inverse(long odd) {
    long x = odd;
    for (int i = 0; i < 6; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }

  @Test
  void nextIntIsUniformOnASmallBound() {
    Rng rng = Rng.seeded(13);
    int bound = 7;
    int n = 70_000;
    long[] counts = new long[bound];
    for (int i = 0; i < n; i++) {
      counts[rng.nextInt(bound)]++;
    }
    // Chi-square with 6 degrees of freedom exceeds 38.26 with probability 1e-6. Never drawing one value gives
    // about 11700, one value drawn 8% too often about 75.
    double chi2 = chiSquare(counts, (double) n / bound);
    System.out.printf("[measured] nextInt(7) chi-square (6 dof, limit 38.26): %.2f%n", chi2);
    assertTrue(chi2 < 38.26, "chi-square " + chi2 + " for " + Arrays.toString(counts));
  }

  @Test
  void nextIntIsUniformOnALargeBound() {
    // bound = 1.5e9: plain (random 32 bits) % bound gives the lowest 1.29e9 values three preimages and the others
    // two, so the lowest eight deciles get 5% too many draws and the top one 30% too few: chi-square ~1000.
    Rng rng = Rng.seeded(17);
    int bound = 1_500_000_000;
    int n = 100_000;
    long[] counts = new long[10];
    for (int i = 0; i < n; i++) {
      int v = rng.nextInt(bound);
      assertTrue(v >= 0 && v < bound, "draw " + v);
      counts[(int) ((long) v * 10 / bound)]++;
    }
    double chi2 = chiSquare(counts, n / 10.0);
    System.out.printf("[measured] nextInt(1.5e9) decile chi-square (9 dof, limit 44.81): %.2f%n", chi2);
    assertTrue(chi2 < 44.81, "chi-square " + chi2 + " for " + Arrays.toString(counts));
  }

  @Test
  void nextIntEdgeBounds() {
    Rng rng = Rng.seeded(19);
    for (int i = 0; i < 100; i++) {
      assertEquals(0, rng.nextInt(1));
      int v = rng.nextInt(Integer.MAX_VALUE);
      assertTrue(v >= 0 && v < Integer.MAX_VALUE);
    }
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> rng.nextInt(0));
    assertTrue(e.getMessage().contains("bound") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> rng.nextInt(-5));
    assertTrue(e.getMessage().contains("bound") && e.getMessage().contains("-5"), e.getMessage());
  }

  @Test
  void nextGaussianHasTheMomentsOfAStandardNormal() {
    Rng rng = Rng.seeded(23);
    int n = 200_000;
    double[] x = new double[n];
    rng.fillGaussian(x);
    double mean = Arrays.stream(x).average().orElseThrow();
    double m2 = 0;
    double m3 = 0;
    double m4 = 0;
    for (double v : x) {
      double d = v - mean;
      m2 += d * d;
      m3 += d * d * d;
      m4 += d * d * d * d;
    }
    m2 /= n;
    m3 /= n;
    m4 /= n;
    double skew = m3 / Math.pow(m2, 1.5);
    double kurtosis = m4 / (m2 * m2);
    System.out.printf("[measured] gaussian mean %.5f, variance %.5f, skewness %.5f, kurtosis %.5f (n = %d)%n",
        mean, m2, skew, kurtosis, n);
    // Five standard errors: sqrt(1/n), sqrt(2/n), sqrt(6/n), sqrt(24/n). A uniform of variance 1 has kurtosis 1.8.
    assertEquals(0, mean, 5 * Math.sqrt(1.0 / n), "mean");
    assertEquals(1, m2, 5 * Math.sqrt(2.0 / n), "variance");
    assertEquals(0, skew, 5 * Math.sqrt(6.0 / n), "skewness");
    assertEquals(3, kurtosis, 5 * Math.sqrt(24.0 / n), "kurtosis");
  }

  @Test
  void gaussianAndUniformMatricesHaveTheRequestedShapeTypeAndStream() {
    for (DataType type : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
      Rng a = Rng.seeded(29);
      Rng b = Rng.seeded(29);
      INDArray g = a.gaussian(3, 4, type);
      assertArrayEquals(new long[] {3, 4}, g.shape());
      assertEquals(type, g.dataType());
      for (int i = 0; i < 3; i++) {
        for (int j = 0; j < 4; j++) {
          assertEquals((type == DataType.FLOAT ? (double) (float) b.nextGaussian() : b.nextGaussian()),
              g.getDouble(i, j), 0, "row-major order at [" + i + ", " + j + "]");
        }
      }
      INDArray u = a.uniform(2, 5, type);
      assertArrayEquals(new long[] {2, 5}, u.shape());
      assertEquals(type, u.dataType());
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 5; j++) {
          double expected = b.nextDouble();
          assertEquals(type == DataType.FLOAT ? (double) (float) expected : expected, u.getDouble(i, j), 0);
        }
      }
      assertArrayEquals(a.state(), b.state());
    }
  }

  @Test
  void permutationIsAUniformPermutation() {
    Rng rng = Rng.seeded(31);
    for (int n : new int[] {0, 1, 2, 100}) {
      int[] p = rng.permutation(n);
      int[] sorted = p.clone();
      Arrays.sort(sorted);
      for (int i = 0; i < n; i++) {
        assertEquals(i, sorted[i], "permutation of " + n + ": " + Arrays.toString(p));
      }
    }
    // All 6 orders of 3 elements equally often: chi-square with 5 dof exceeds 35.89 with probability 1e-6.
    long[] counts = new long[6];
    int n = 60_000;
    for (int i = 0; i < n; i++) {
      int[] p = rng.permutation(3);
      counts[p[0] * 2 + (p[1] > p[2] ? 1 : 0)]++;
    }
    double chi2 = chiSquare(counts, n / 6.0);
    System.out.printf("[measured] permutation(3) chi-square (5 dof, limit 35.89): %.2f%n", chi2);
    assertTrue(chi2 < 35.89, "chi-square " + chi2 + " for " + Arrays.toString(counts));
  }

  @Test
  void fromStateRejectsBadStates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Rng.fromState(new long[] {1, 2, 3, 4}));
    assertTrue(e.getMessage().contains("6 longs") && e.getMessage().contains("[1, 2, 3, 4]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Rng.fromState(null));
    assertTrue(e.getMessage().contains("6 longs") && e.getMessage().contains("null"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Rng.fromState(new long[] {0, 0, 0, 0, 1, 7}));
    assertTrue(e.getMessage().contains("all zero"), e.getMessage());
  }

  private static double chiSquare(long[] counts, double expected) {
    double chi2 = 0;
    for (long c : counts) {
      chi2 += (c - expected) * (c - expected) / expected;
    }
    return chi2;
  }
}
