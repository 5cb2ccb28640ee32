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
 */
public final class FileDataset implements Dataset {
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

  /**
   * @param name the dataset's name, for messages
   * @param values the rows {@code [n, dim]} row-major, in file units
   * @param dim the number of features
   * @param conditions the condition of each row ({@link Conditions#none(int)} for unlabelled data)
   * @param normalize how to normalize, fitted on the training rows
   * @param holdout the fraction of rows held out, in [0, 1); at least one row is kept for training
   * @param split the generator of the split
   * @param imageShape the image shape of a row, or null
   */
  public FileDataset(String name, double[] values, int dim, Conditions conditions, Normalization.Kind normalize,
      double holdout, Rng split, int[] imageShape) {
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
    this.name = name;
    this.dim = dim;
    int held = (int) Math.min(n - 1, Math.round(holdout * n));
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
    this.normalization = Normalization.fit(normalize, trainRaw, trainIndex.length, dim);
    normalization.applyInPlace(trainRaw);
    this.train = trainRaw;
    this.trainRows = trainIndex.length;
    this.heldOut = gather(values, dim, heldIndex);
    normalization.applyInPlace(heldOut);
    this.heldOutRows = held;
    this.trainConditions = conditions.rows(trainIndex);
    this.heldOutConditions = conditions.rows(heldIndex);
    this.imageShape = imageShape == null ? null : imageShape.clone();
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
