package org.flowmatch.core;

import java.util.Arrays;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The per-column affine map z = (x - shift) / scale from the units of a data file to the units a model is trained
 * in, and back ({@link #undo}). Fitted on the training rows only, so that held-out rows do not leak into it.
 * Immutable; {@link #toString()} and {@link #parse} round-trip every bit, so that a checkpoint can store it.
 *
 * @param kind none, standard (mean 0, standard deviation 1) or minmax (range [-1, 1])
 * @param shift subtracted from each column
 * @param scale then divided into each column; positive
 */
public record Normalization(Kind kind, double[] shift, double[] scale) {

  /** The kinds of normalization, by their config names. */
  public enum Kind {
    NONE, STANDARD, MINMAX;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The kind called {@code name} in a config. */
    public static Kind fromConfigName(String name) {
      for (Kind k : values()) {
        if (k.configName().equals(name)) {
          return k;
        }
      }
      throw new IllegalArgumentException("must be none, standard or minmax, got '" + name + "'");
    }
  }

  public Normalization {
    if (kind == null || shift == null || scale == null || shift.length != scale.length) {
      throw new IllegalArgumentException("a normalization needs a kind and one shift and one scale per column");
    }
    shift = shift.clone();
    scale = scale.clone();
    for (int j = 0; j < scale.length; j++) {
      if (!(scale[j] > 0) || !Double.isFinite(scale[j]) || !Double.isFinite(shift[j])) {
        throw new IllegalArgumentException("column " + j + " has shift " + shift[j] + " and scale " + scale[j]
            + "; the scale must be positive and both finite");
      }
    }
  }

  /** The identity on {@code dim} columns. */
  public static Normalization identity(int dim) {
    double[] ones = new double[dim];
    Arrays.fill(ones, 1);
    return new Normalization(Kind.NONE, new double[dim], ones);
  }

  /**
   * Fits a normalization of {@code kind} to the rows of {@code x} {@code [n, dim]} (row-major). A constant column
   * keeps scale 1 (it is only shifted), so that nothing is divided by zero.
   */
  public static Normalization fit(Kind kind, double[] x, int n, int dim) {
    if (kind == Kind.NONE || n == 0) {
      return identity(dim);
    }
    double[] shift = new double[dim];
    double[] scale = new double[dim];
    for (int j = 0; j < dim; j++) {
      double sum = 0;
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < n; i++) {
        double v = x[i * dim + j];
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
      }
      if (kind == Kind.STANDARD) {
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < n; i++) {
          double d = x[i * dim + j] - mean;
          squares += d * d;
        }
        double std = Math.sqrt(squares / n);
        shift[j] = mean;
        scale[j] = std > 0 ? std : 1;
      } else {
        shift[j] = (max + min) / 2;
        scale[j] = max > min ? (max - min) / 2 : 1;
      }
    }
    return new Normalization(kind, shift, scale);
  }

  public int dim() {
    return shift.length;
  }

  @Override
  public double[] shift() {
    return shift.clone();
  }

  @Override
  public double[] scale() {
    return scale.clone();
  }

  /** Normalizes a row-major {@code [n, dim]} array in place. */
  public void applyInPlace(double[] x) {
    for (int i = 0; i < x.length; i++) {
      int j = i % shift.length;
      x[i] = (x[i] - shift[j]) / scale[j];
    }
  }

  /** File units to model units: {@code (x - shift) / scale}, a new array in the data type of {@code x}. */
  public INDArray apply(INDArray x) {
    Checks.matrix(x, "x", -1, dim());
    double[] v = NdArrays.toDoubles(x);
    applyInPlace(v);
    return NdArrays.matrix(v, x.rows(), dim(), x.dataType());
  }

  /** Model units back to file units: {@code x * scale + shift}, a new array in the data type of {@code x}. */
  public INDArray undo(INDArray x) {
    Checks.matrix(x, "x", -1, dim());
    double[] v = NdArrays.toDoubles(x);
    for (int i = 0; i < v.length; i++) {
      int j = i % shift.length;
      v[i] = v[i] * scale[j] + shift[j];
    }
    return NdArrays.matrix(v, x.rows(), dim(), x.dataType());
  }

  /**
   * The log-determinant of the Jacobian of {@link #apply}, -sum_j log scale_j: add it to a log-likelihood in model
   * units to get one in file units.
   */
  public double logJacobian() {
    double s = 0;
    for (double v : scale) {
      s -= Math.log(v);
    }
    return s;
  }

  /** {@code kind;shift;scale}, the numbers as hexadecimal doubles so that {@link #parse} gives the same bits. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(kind.configName());
    for (double[] a : new double[][] {shift, scale}) {
      b.append(';');
      for (int j = 0; j < a.length; j++) {
        b.append(j == 0 ? "" : ",").append(Double.toHexString(a[j]));
      }
    }
    return b.toString();
  }

  /** The inverse of {@link #toString()}. */
  public static Normalization parse(String text) {
    try {
      String[] parts = text.split(";", -1);
      if (parts.length != 3) {
        throw new IllegalArgumentException("needs kind;shift;scale");
      }
      return new Normalization(Kind.fromConfigName(parts[0]), numbers(parts[1]), numbers(parts[2]));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("not a normalization: '" + text + "' (" + e.getMessage() + ")");
    }
  }

  private static double[] numbers(String s) {
    return s.isEmpty() ? new double[0] : Arrays.stream(s.split(",")).mapToDouble(Double::parseDouble).toArray();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Normalization n && n.kind == kind && Arrays.equals(n.shift, shift)
        && Arrays.equals(n.scale, scale);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(shift);
  }
}
