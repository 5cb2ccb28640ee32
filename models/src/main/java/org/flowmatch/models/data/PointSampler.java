package org.flowmatch.models.data;

import org.flowmatch.core.Rng;

/** Draws one point of a 2-D dataset; the recipe of a {@link SampledDataset}. */
@FunctionalInterface
public interface PointSampler {

  /**
   * Writes one independent draw into {@code point[0]} (x) and {@code point[1]} (y), taking every random number from
   * {@code rng} in an order that the implementation documents (it fixes the samples of a seed).
   */
  void draw(Rng rng, double[] point);
}
