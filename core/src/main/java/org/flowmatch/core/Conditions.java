package org.flowmatch.core;

import java.util.Arrays;

/**
 * The conditions of the rows of a batch, immutable: a class label per row ({@link #NONE} for a dropped or
 * unconditional row), or a real vector per row with a presence flag. Row i conditions row i of the states it
 * travels with; solvers that drop finished rows select the matching conditions with {@link #rows(int[])}.
 *
 * <p>{@link #none(int)} holds no condition at all: it is the "none" of classifier-free guidance for a model of
 * any {@link Conditioning}, and the conditions of unlabelled data.
 */
public final class Conditions {
  /** The label of a row without a condition. */
  public static final int NONE = -1;

  private final Conditioning conditioning;
  private final int n;
  /** LABELS: the label of each row, or NONE. */
  private final int[] labels;
  /** VECTORS: row-major {@code [n, size]}. */
  private final double[] vectors;
  /** VECTORS: whether row i has its vector. */
  private final boolean[] present;

  private Conditions(Conditioning conditioning, int n, int[] labels, double[] vectors, boolean[] present) {
    this.conditioning = conditioning;
    this.n = n;
    this.labels = labels;
    this.vectors = vectors;
    this.present = present;
  }

  /** {@code n} rows without a condition. */
  public static Conditions none(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must not be negative, got " + n);
    }
    return new Conditions(Conditioning.NONE, n, null, null, null);
  }

  /**
   * Class labels in 0 .. classes - 1, or {@link #NONE}.
   *
   * @throws IllegalArgumentException naming the first row whose label is out of range
   */
  public static Conditions labels(int[] labels, int classes) {
    Conditioning c = Conditioning.classes(classes);
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] != NONE && (labels[i] < 0 || labels[i] >= classes)) {
        throw new IllegalArgumentException("label of row " + i + " must lie in 0.." + (classes - 1) + " (or be "
            + NONE + " for none), got " + labels[i]);
      }
    }
    return new Conditions(c, labels.length, labels.clone(), null, null);
  }

  /** {@code n} rows all of class {@code label}. */
  public static Conditions repeat(int label, int n, int classes) {
    int[] l = new int[n];
    Arrays.fill(l, label);
    return labels(l, classes);
  }

  /**
   * Condition vectors, row-major {@code [present.length, dim]}; a row whose flag is false has no condition (its
   * values are ignored and read as zeros).
   */
  public static Conditions vectors(double[] values, int dim, boolean[] present) {
    Conditioning c = Conditioning.vectors(dim);
    if (values.length != (long) present.length * dim) {
      throw new IllegalArgumentException("need " + (long) present.length * dim + " values for " + present.length
          + " vectors of " + dim + ", got " + values.length);
    }
    double[] v = values.clone();
    for (int i = 0; i < present.length; i++) {
      for (int j = 0; j < dim; j++) {
        if (!present[i]) {
          v[i * dim + j] = 0;
        } else if (!Double.isFinite(v[i * dim + j])) {
          throw new IllegalArgumentException("condition vector of row " + i + " must be finite, got "
              + v[i * dim + j] + " at entry " + j);
        }
      }
    }
    return new Conditions(c, present.length, null, v, present.clone());
  }

  /** What these conditions are ({@link Conditioning#NONE} for {@link #none(int)}). */
  public Conditioning conditioning() {
    return conditioning;
  }

  /** The number of rows. */
  public int size() {
    return n;
  }

  /** Whether row i has a condition. */
  public boolean present(int i) {
    return switch (conditioning.kind()) {
      case NONE -> false;
      case LABELS -> labels[i] != NONE;
      case VECTORS -> present[i];
    };
  }

  /** The label of row i, or {@link #NONE}; only for label conditions and {@link #none(int)}. */
  public int label(int i) {
    if (conditioning.kind() == Conditioning.Kind.VECTORS) {
      throw new IllegalStateException("these conditions are vectors, not labels");
    }
    if (i < 0 || i >= n) {
      throw new IllegalArgumentException("row " + i + " is outside the " + n + " rows of these conditions");
    }
    return labels == null ? NONE : labels[i];
  }

  /** The labels of every row ({@link #NONE} where absent), a copy; only for label conditions. */
  public int[] labels() {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = label(i);
    }
    return out;
  }

  /** The condition vector of row i (zeros where absent), a copy; only for vector conditions. */
  public double[] vector(int i) {
    if (conditioning.kind() != Conditioning.Kind.VECTORS) {
      throw new IllegalStateException("these conditions are " + conditioning + ", not vectors");
    }
    return Arrays.copyOfRange(vectors, i * conditioning.size(), (i + 1) * conditioning.size());
  }

  /** The conditions of the given rows, in that order. */
  public Conditions rows(int[] rows) {
    int d = conditioning.size();
    int[] l = labels == null ? null : new int[rows.length];
    double[] v = vectors == null ? null : new double[rows.length * d];
    boolean[] p = present == null ? null : new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      int r = rows[i];
      if (r < 0 || r >= n) {
        throw new IllegalArgumentException("row " + r + " is outside the " + n + " rows of these conditions");
      }
      if (l != null) {
        l[i] = labels[r];
      }
      if (v != null) {
        System.arraycopy(vectors, r * d, v, i * d, d);
        p[i] = present[r];
      }
    }
    return new Conditions(conditioning, rows.length, l, v, p);
  }

  /** These conditions with the rows where {@code drop[i]} is true turned into "none" (classifier-free dropout). */
  public Conditions drop(boolean[] drop) {
    if (drop.length != n) {
      throw new IllegalArgumentException("need " + n + " drop flags, got " + drop.length);
    }
    switch (conditioning.kind()) {
      case LABELS: {
        int[] l = labels.clone();
        for (int i = 0; i < n; i++) {
          if (drop[i]) {
            l[i] = NONE;
          }
        }
        return new Conditions(conditioning, n, l, null, null);
      }
      case VECTORS: {
        int d = conditioning.size();
        double[] v = vectors.clone();
        boolean[] p = present.clone();
        for (int i = 0; i < n; i++) {
          if (drop[i]) {
            p[i] = false;
            Arrays.fill(v, i * d, (i + 1) * d, 0);
          }
        }
        return new Conditions(conditioning, n, null, v, p);
      }
      default:
        return this;
    }
  }

  /** These rows followed by {@code other}'s; {@link #none(int)} rows take this side's conditioning. */
  public Conditions concat(Conditions other) {
    Conditioning c = conditioning.conditional() ? conditioning : other.conditioning;
    if (other.conditioning.conditional() && !other.conditioning.equals(c)) {
      throw new IllegalArgumentException("cannot stack " + conditioning + " and " + other.conditioning
          + " conditions");
    }
    int m = n + other.n;
    switch (c.kind()) {
      case LABELS: {
        int[] l = new int[m];
        for (int i = 0; i < m; i++) {
          l[i] = i < n ? label(i) : other.label(i - n);
        }
        return new Conditions(c, m, l, null, null);
      }
      case VECTORS: {
        int d = c.size();
        double[] v = new double[m * d];
        boolean[] p = new boolean[m];
        for (int i = 0; i < m; i++) {
          Conditions from = i < n ? this : other;
          int r = i < n ? i : i - n;
          if (from.present(r)) {
            System.arraycopy(from.vectors, r * d, v, i * d, d);
            p[i] = true;
          }
        }
        return new Conditions(c, m, null, v, p);
      }
      default:
        return none(m);
    }
  }

  /**
   * Writes the network features of row i at {@code out[offset ..]} for a model of conditioning {@code model}
   * ({@link Conditioning#featureWidth()} entries): one-hot for a label, the vector and a presence flag 1 for a
   * vector, zeros for "none".
   *
   * @throws IllegalArgumentException if these conditions do not fit the model's conditioning
   */
  public void writeFeatures(int i, Conditioning model, double[] out, int offset) {
    int width = model.featureWidth();
    Arrays.fill(out, offset, offset + width, 0);
    if (!present(i)) {
      return;
    }
    requireFits(model);
    if (model.kind() == Conditioning.Kind.LABELS) {
      out[offset + labels[i]] = 1;
    } else {
      System.arraycopy(vectors, i * model.size(), out, offset, model.size());
      out[offset + model.size()] = 1;
    }
  }

  /** Fails unless these conditions can condition a model of {@code model}'s conditioning. */
  public Conditions requireFits(Conditioning model) {
    if (conditioning.conditional() && !conditioning.equals(model)) {
      throw new IllegalArgumentException("conditions of kind " + conditioning + " given to a model conditioned on "
          + model);
    }
    return this;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Conditions c && c.conditioning.equals(conditioning) && c.n == n
        && Arrays.equals(c.labels, labels) && Arrays.equals(c.vectors, vectors) && Arrays.equals(c.present, present);
  }

  @Override
  public int hashCode() {
    return 31 * conditioning.hashCode() + n;
  }

  @Override
  public String toString() {
    return "Conditions(" + conditioning + ", " + n + " rows)";
  }
}
