package org.flowmatch.core;

import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A finite dataset read from somewhere (a file, a resource): its rows split once, by a seed, into training rows
 * and held-out rows that are never trained on, each row with its condition (or none), in normalized units.
 *
 * <p>As a {@link Distribution} it is the empirical law of the training rows: {@link #sample} draws rows uniformly
 * with replacement by index into one stored array, so a training step costs its batch, not the dataset. It has no
 * density. Everything it returns is in normalized units; {@link #normalization()} maps samples back to the units
 * of the file.
 */
public interface Dataset extends ConditionalDistribution {

  /** The training rows {@code [n, dim]}, normalized, in double precision (a copy). */
  INDArray train();

  /** The conditions of the training rows ({@link Conditions#none(int)} for unlabelled data). */
  Conditions trainConditions();

  /** The held-out rows {@code [m, dim]}, normalized, in double precision (a copy); may have no rows. */
  INDArray heldOut();

  /** The conditions of the held-out rows. */
  Conditions heldOutConditions();

  /** The map between file units and the normalized units everything else sees, fitted on the training rows. */
  Normalization normalization();

  /**
   * The shape {@code [H, W]} or {@code [C, H, W]} of an image whose pixels are the row's entries in row-major
   * order, when the rows are images (for plotting); a copy.
   */
  default Optional<int[]> imageShape() {
    return Optional.empty();
  }

  @Override
  default boolean hasDensity() {
    return false;
  }

  @Override
  default INDArray logDensity(INDArray x) {
    throw new UnsupportedOperationException("dataset '" + name() + "' is a finite sample and has no density");
  }
}
