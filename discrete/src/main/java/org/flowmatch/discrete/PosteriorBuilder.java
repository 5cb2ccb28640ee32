package org.flowmatch.discrete;

import org.flowmatch.core.Rng;

/**
 * A posterior model as a config names it, built once the data and the path are known (its input and output sizes
 * come from them): the DL4J network, or the exact oracle of a table.
 */
@FunctionalInterface
public interface PosteriorBuilder {
  Posterior build(TokenData data, MixturePath path, Rng rng);
}
