package org.flowmatch.core;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Argument checks shared by every public entry point. Each failure is an {@link IllegalArgumentException} whose
 * message names the argument and shows the offending value, so that a caller knows what to fix without a
 * debugger.
 */
public final class Checks {
  private Checks() {}

  /** {@code x} must be a finite matrix {@code [rows, cols]}; a negative size is not checked. */
  public static INDArray matrix(INDArray x, String name, long rows, long cols) {
    if (x == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (x.rank() != 2 || (rows >= 0 && x.rows() != rows) || (cols >= 0 && x.columns() != cols)) {
      throw new IllegalArgumentException(name + " must have shape [" + size(rows, "batch") + ", "
          + size(cols, "dim") + "], got " + Arrays.toString(x.shape()));
    }
    return x;
  }

  /** {@code x} must be a matrix as in {@link #matrix} with every entry finite. */
  public static INDArray finiteMatrix(INDArray x, String name, long rows, long cols) {
    matrix(x, name, rows, cols);
    finite(x, name);
    return x;
  }

  /**
   * Arrays up to this many entries are checked in a Java loop over a copy: a native reduction costs about 10 us
   * before it reads anything, several times the loop's cost for a training batch (these checks run at every model
   * evaluation).
   */
  private static final long SMALL = 1 << 14;

  /** Every entry of {@code x} must be finite. */
  public static INDArray finite(INDArray x, String name) {
    if (x.isEmpty()) {
      return x;
    }
    boolean finite;
    if (x.length() <= SMALL) {
      finite = true;
      for (double v : NdArrays.toDoubles(x)) {
        finite &= Double.isFinite(v);
      }
    } else {
      finite = BooleanIndexing.and(x, Conditions.isFinite());
    }
    if (!finite) {
      throw new IllegalArgumentException(name + " must be finite, but holds " + firstNonFinite(x));
    }
    return x;
  }

  /** A per-row time column {@code [rows, 1]} with every entry in [0, 1]. */
  public static INDArray timeColumn(INDArray t, String name, long rows) {
    matrix(t, name, rows, 1);
    finite(t, name);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    if (t.length() <= SMALL) {
      for (double v : NdArrays.toDoubles(t)) {
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
    } else {
      min = t.minNumber().doubleValue();
      max = t.maxNumber().doubleValue();
    }
    if (!(min >= 0 && max <= 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1], got values in [" + min + ", " + max + "]");
    }
    return t;
  }

  /** A time in [0, 1]. */
  public static double time(double t, String name) {
    if (!(t >= 0 && t <= 1)) {
      throw new IllegalArgumentException(name + " must lie in [0, 1], got " + t);
    }
    return t;
  }

  /** A finite, strictly positive number. */
  public static double positive(double v, String name) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be positive and finite, got " + v);
    }
    return v;
  }

  /** A strictly positive count. */
  public static int positive(int v, String name) {
    if (v <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + v);
    }
    return v;
  }

  /** A finite number. */
  public static double finite(double v, String name) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, got " + v);
    }
    return v;
  }

  private static String size(long n, String symbol) {
    return n >= 0 ? Long.toString(n) : symbol;
  }

  private static String firstNonFinite(INDArray x) {
    INDArray flat = x.reshape(x.length());
    for (long i = 0; i < flat.length(); i++) {
      double v = flat.getDouble(i);
      if (!Double.isFinite(v)) {
        long[] at = x.rank() == 2 ? new long[] {i / x.columns(), i % x.columns()} : new long[] {i};
        return v + " at " + Arrays.toString(at);
      }
    }
    return "a non-finite value";
  }
}
