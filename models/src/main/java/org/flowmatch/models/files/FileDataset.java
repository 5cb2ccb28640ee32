package org.flowmatch.models.files;

import java.util.Arrays;
import java.util.Optional;
import org.flowmatch.core.Checks;
import org.flowmatch.core.ConditionalDistribution.ConditionalSample;
import org.flowmatch.core.Conditioning;
import org.flowmatch.core.Conditions;
import org.flowmatch.core.Dataset;
import org.flowmatch.core.NdArrays;
import org.flowmatch.core.Normalization;
import org.flowmatch.core.Rng;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Dataset} held in memory: the rows are split once into training and held-out rows by a random
 * permutation from the generator given at construction (each split keeps the file's order), the normalization is
 * fitted on the training rows and applied to both, and the normalized rows are stored once, in plain arrays.
 * Drawing a batch picks row indices uniformly with replacement and copies only those rows. Immutable.
 *
 * <p>Data that reads but cannot be trained on is refused here, before any training, naming the file, row and
 * column ({@link Origin}): fewer than 2 rows, a split that holds out none of the rows although
 * {@code data.holdout > 0} or leaves fewer than 2 for training, a column whose spread overflows the normalization,
 * a value beyond ±{@value #MODEL_LIMIT} in the units the model trains in (float32 networks overflow there), and,
 * unless the rows are images (whose border pixels are often constant), a column with one value in every training
 * row, onto which a flow cannot carry a density. {@code data.holdout = 0} holds out no row: what is measured on
 * held-out rows is then measured on the training rows (the run says so).
 */
public final class FileDataset implements Dataset {
  /** The largest magnitude a value may have in the units the model trains in. */
  public static final double MODEL_LIMIT = 1e6;

  /** Where the values came from, for messages: a file, and the line (or row) and column of each value. */
  public interface Origin {
    /** The file, as the user named it. */
    String file();

    /** Row {@code row} of the file (0-based) and feature column {@code column}: {@code a.csv:line 3, column 2}. */
    String cell(int row, int column);

    /** Feature column {@code column}: {@code a.csv: column 2 (b)}. */
    String column(int column);

    /** Row {@code row} of the file (0-based): {@code a.csv:line 3}. */
    String row(int row);

    /** Rows and columns of a dataset called {@code name}, numbered from 0 and 1. */
    static Origin of(String name) {
      return new Origin() {
        @Override
        public String file() {
          return name;
        }

        @Override
        public String cell(int row, int column) {
          return name + ":row " + row + ", column " + (column + 1);
        }

        @Override
        public String column(int column) {
          return name + ": column " + (column + 1);
        }

        @Override
        public String row(int row) {
          return name + ":row " + row;
        }
      };
    }
  }

  private final String name;
  private final int dim;
  private final double[] train;
  private final int trainRows;
  private final double[] heldOut;
  private final int heldOutRows;
  private final Conditions trainConditions;
  private final Conditions heldOutConditions;
  private final Normalization normalization;
  private final int[] imageShape;
  private final int[] trainIndex;
  private final int[] heldIndex;
  private final Origin origin;

  /**
   * @param name the dataset's name, for messages
   * @param values the rows {@code [n, dim]} row-major, in file units
   * @param dim the number of features
   * @param conditions the condition of each row ({@link Conditions#none(int)} for unlabelled data)
   * @param normalize how to normalize, fitted on the training rows
   * @param holdout the fraction of rows held out, in [0, 1): round(holdout * n) rows, none only when it is 0
   * @param split the generator of the split
   * @param imageShape the image shape of a row, or null
   * @param origin where the values came from, for messages
   */
  public FileDataset(String name, double[] values, int dim, Conditions conditions, Normalization.Kind normalize,
      double holdout, Rng split, int[] imageShape, Origin origin) {
    Checks.positive(dim, "dim");
    int n = values.length / dim;
    if (n == 0 || values.length != n * dim) {
      throw new IllegalArgumentException(name + ": need a positive whole number of rows of " + dim + ", got "
          + values.length + " values");
    }
    if (conditions.size() != n) {
      throw new IllegalArgumentException(name + ": " + conditions.size() + " conditions for " + n + " rows");
    }
    if (!(holdout >= 0 && holdout < 1)) {
      throw new IllegalArgumentException("data.holdout must lie in [0, 1), got " + holdout);
    }
    if (imageShape != null && Arrays.stream(imageShape).asLongStream().reduce(1, (a, b) -> a * b) != dim) {
      throw new IllegalArgumentException("data.image_shape " + Arrays.toString(imageShape) + " holds "
          + Arrays.stream(imageShape).asLongStream().reduce(1, (a, b) -> a * b) + " pixels but the rows have " + dim
          + " features");
    }
    if (n < 2) {
      throw new DataFileException(origin.file() + ": holds 1 row; training needs at least 2");
    }
    int held = (int) Math.round(holdout * n);
    if (holdout > 0 && held == 0) {
      throw new IllegalArgumentException("data.holdout = " + number(holdout) + ": holds out none of the " + n
          + " rows (" + number(holdout * n) + " rounds to 0): set it to at least " + number(0.5 / n) + ", or to 0"
          + " to measure on the training rows");
    }
    if (n - held < 2) {
      throw new IllegalArgumentException("data.holdout = " + number(holdout) + ": leaves " + (n - held) + " of " + n
          + " rows for training; at least 2 are needed");
    }
    this.name = name;
    this.dim = dim;
    boolean[] isHeld = new boolean[n];
    int[] permutation = split.permutation(n);
    for (int i = 0; i < held; i++) {
      isHeld[permutation[i]] = true;
    }
    int[] trainIndex = new int[n - held];
    int[] heldIndex = new int[held];
    for (int i = 0, a = 0, b = 0; i < n; i++) {
      if (isHeld[i]) {
        heldIndex[b++] = i;
      } else {
        trainIndex[a++] = i;
      }
    }
    double[] trainRaw = gather(values, dim, trainIndex);
    this.normalization = fit(normalize, trainRaw, trainIndex, dim, origin);
    if (imageShape == null) {
      requireVarying(trainRaw, trainIndex.length, dim, origin);
    }
    double[] heldRaw = gather(values, dim, heldIndex);
    this.train = normalized(trainRaw, trainIndex, origin);
    this.trainRows = trainIndex.length;
    this.heldOut = normalized(heldRaw, heldIndex, origin);
    this.heldOutRows = held;
    this.trainConditions = conditions.rows(trainIndex);
    this.heldOutConditions = conditions.rows(heldIndex);
    this.imageShape = imageShape == null ? null : imageShape.clone();
    this.trainIndex = trainIndex;
    this.heldIndex = heldIndex;
    this.origin = origin;
  }

  /** The file the rows came from, as the user named it. */
  public String file() {
    return origin.file();
  }

  /** Where training row {@code i} (or held-out row, with {@code heldOut}) is in the file: {@code a.csv:line 3}. */
  public String where(boolean heldOut, int i) {
    return origin.row(fileRow(heldOut, i));
  }

  /** The 0-based row of the file that training row {@code i} (or held-out row, with {@code heldOut}) is. */
  public int fileRow(boolean heldOut, int i) {
    return heldOut ? heldIndex[i] : trainIndex[i];
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int dim() {
    return dim;
  }

  @Override
  public Conditioning conditioning() {
    return trainConditions.conditioning();
  }

  @Override
  public INDArray sample(int n, Rng rng) {
    return NdArrays.matrix(gather(train, dim, indices(n, rng)), n, dim, DataType.DOUBLE);
  }

  @Override
  public ConditionalSample sampleWithConditions(int n, Rng rng) {
    int[] rows = indices(n, rng);
    return new ConditionalSample(NdArrays.matrix(gather(train, dim, rows), n, dim, DataType.DOUBLE),
        trainConditions.rows(rows));
  }

  /** The number of training rows. */
  public int trainSize() {
    return trainRows;
  }

  /** The number of held-out rows. */
  public int heldOutSize() {
    return heldOutRows;
  }

  @Override
  public INDArray train() {
    return NdArrays.matrix(train.clone(), trainRows, dim, DataType.DOUBLE);
  }

  @Override
  public Conditions trainConditions() {
    return trainConditions;
  }

  @Override
  public INDArray heldOut() {
    return NdArrays.matrix(heldOut.clone(), heldOutRows, dim, DataType.DOUBLE);
  }

  @Override
  public Conditions heldOutConditions() {
    return heldOutConditions;
  }

  @Override
  public Normalization normalization() {
    return normalization;
  }

  @Override
  public Optional<int[]> imageShape() {
    return Optional.ofNullable(imageShape).map(int[]::clone);
  }

  /** The normalization fitted on the training rows; a column whose spread overflows is named by its largest value. */
  private static Normalization fit(Normalization.Kind kind, double[] rows, int[] index, int dim, Origin origin) {
    try {
      return Normalization.fit(kind, rows, index.length, dim);
    } catch (IllegalArgumentException overflow) {
      for (int j = 0; j < dim; j++) {
        double[] column = new double[index.length];
        for (int i = 0; i < index.length; i++) {
          column[i] = rows[i * dim + j];
        }
        try {
          Normalization.fit(kind, column, index.length, 1);
        } catch (IllegalArgumentException e) {
          int largest = 0;
          for (int i = 1; i < index.length; i++) {
            largest = Math.abs(column[i]) > Math.abs(column[largest]) ? i : largest;
          }
          throw new DataFileException(origin.cell(index[largest], j) + ": " + column[largest] + " is too"
              + " large to normalize (the spread of the column overflows); rescale the column");
        }
      }
      throw overflow;
    }
  }

  /** Fails on the first column that holds one value in every training row. */
  private static void requireVarying(double[] rows, int n, int dim, Origin origin) {
    for (int j = 0; j < dim; j++) {
      boolean constant = true;
      for (int i = 1; i < n && constant; i++) {
        constant = rows[i * dim + j] == rows[j];
      }
      if (constant) {
        throw new DataFileException(origin.column(j) + " holds " + number(rows[j]) + " in every training row;"
            + " a flow cannot carry a density onto a constant: leave the column out with data.columns");
      }
    }
  }

  /** The rows normalized in place; a value beyond ±{@link #MODEL_LIMIT} there is named by its file row. */
  private double[] normalized(double[] rows, int[] index, Origin origin) {
    normalization.applyInPlace(rows);
    for (int k = 0; k < rows.length; k++) {
      if (!(Math.abs(rows[k]) <= MODEL_LIMIT)) {
        double raw = rows[k] * normalization.scale()[k % dim] + normalization.shift()[k % dim]; // its file value
        String fix = normalization.kind() == Normalization.Kind.NONE ? "use data.normalize standard or minmax"
            : "remove the outlier or rescale the column";
        throw new DataFileException(origin.cell(index[k / dim], k % dim) + ": " + raw + " lies beyond"
            + " ±1e6 in the units the model trains in (data.normalize = " + normalization.kind().configName()
            + "), where a float32 network overflows: " + fix);
      }
    }
    return rows;
  }

  /** A number as a config would hold it: 5 rather than 5.0. */
  private static String number(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  private int[] indices(int n, Rng rng) {
    Checks.positive(n, "n");
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = rng.nextInt(trainRows);
    }
    return rows;
  }

  private static double[] gather(double[] values, int dim, int[] rows) {
    double[] out = new double[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * dim, out, i * dim, dim);
    }
    return out;
  }

  @Override
  public String toString() {
    return name + "(" + trainRows + " training + " + heldOutRows + " held-out rows of " + dim + ", "
        + conditioning() + ", " + normalization.kind().configName() + ")";
  }
}
